# expect: pass
stats = summary(model, input_size=(32, 1, 28, 28), verbose=0)
print(stats)
total_params = stats.total_params
linears = [layer for layer in stats.summary_list if layer.class_name == "Linear"]
hidden_output_shape = linears[1].output_size
