# expect: fail
# subtle: yes
# mistake: hidden_output_shape is the output of the first Linear ([32, 128]), not the second
# words: second|128|64
stats = summary(model, input_size=(32, 1, 28, 28))
total_params = stats.total_params
hidden_output_shape = [32, 128]
