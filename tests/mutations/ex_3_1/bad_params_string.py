# expect: fail
# subtle: no
# mistake: total_params copied from the printout as the string "109,386" instead of a number
# words: number|string
stats = summary(model, input_size=(32, 1, 28, 28))
total_params = "109,386"
hidden_output_shape = [32, 64]
