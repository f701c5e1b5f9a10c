# expect: fail
# subtle: yes
# mistake: total_params counted by hand from the weight matrices only, forgetting the biases (109,184)
# words: bias|109184|109386
stats = summary(model, input_size=(32, 1, 28, 28))
total_params = 784 * 128 + 128 * 64 + 64 * 10
hidden_output_shape = [32, 64]
