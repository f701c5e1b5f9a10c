# expect: fail
# subtle: no
# mistake: input size misses one image dimension, (32, 1, 28), so the summary crashes on a shape error
# words: 28|shape|input
stats = summary(model, input_size=(32, 1, 28))
total_params = stats.total_params
hidden_output_shape = [32, 64]
