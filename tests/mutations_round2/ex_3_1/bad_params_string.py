# expect: fail
# subtle: no
# mistake: total_params is the string "109,386" copied from the printout, not a number
# words: number|string|str
stats = summary(model, input_size=(32, 1, 28, 28))
total_params = "109,386"
hidden_output_shape = [32, 64]
