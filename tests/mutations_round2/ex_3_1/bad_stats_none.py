# expect: fail
# subtle: no
# mistake: stats is None because it holds the result of print(), not the summary
# words: none|summary|stats
stats = print(summary(model, input_size=(32, 1, 28, 28), verbose=0))
total_params = 109386
hidden_output_shape = [32, 64]
