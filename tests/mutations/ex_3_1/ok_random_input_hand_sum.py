# expect: pass
import torch

x = torch.randn(32, 1, 28, 28)  # stands in for a batch of 32 MNIST images
stats = summary(model, input_data=[x], depth=1)
# 784*128 + 128 + 128*64 + 64 + 64*10 + 10, the "Total params" line
total_params = sum(p.numel() for p in model.parameters())
assert total_params == stats.total_params
hidden_output_shape = [x.shape[0], model[3].out_features]
