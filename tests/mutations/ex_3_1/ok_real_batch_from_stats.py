# expect: pass

# A real batch of 32 MNIST images, and the numbers read from the statistics object.
images, labels = next(iter(small_train_loader))
batch = images[:32]
stats = summary(model, input_data=batch, verbose=0)
total_params = stats.total_params
linears = [layer for layer in stats.summary_list if layer.class_name == "Linear"]
hidden_output_shape = list(linears[1].output_size)
print(stats)
print("total:", total_params, "second Linear:", hidden_output_shape)
