# expect: pass
stats = summary(model, input_size=[32, 1, 28, 28], verbose=0)
print(stats)
total_params = int(stats.total_params)
with torch.no_grad():
    hidden = model[:4](torch.zeros(32, 1, 28, 28))
hidden_output_shape = list(hidden.shape)
