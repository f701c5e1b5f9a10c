# expect: fail
# subtle: no
# mistake: hidden_output_shape is the output of the last Linear layer ([32, 10]), not the second
# words: second|10|linear
stats = summary(model, input_size=(32, 1, 28, 28))
total_params = stats.total_params
linears = [layer for layer in stats.summary_list if layer.class_name == "Linear"]
hidden_output_shape = list(linears[-1].output_size)
