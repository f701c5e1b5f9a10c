# expect: fail
# subtle: yes
# mistake: hidden_output_shape leaves out the batch dimension ([64] instead of [32, 64])
# words: batch|32
stats = summary(model, input_size=(32, 1, 28, 28))
total_params = stats.total_params
hidden_output_shape = [64]
