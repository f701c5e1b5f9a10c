# expect: fail
# subtle: yes
# mistake: total_params counts only the weight matrices and leaves out the biases (109,184 instead of 109,386)
# words: bias|109386|109,386|109184
stats = summary(model, input_size=(32, 1, 28, 28))
total_params = sum(p.numel() for name, p in model.named_parameters() if name.endswith("weight"))
hidden_output_shape = [32, 64]
