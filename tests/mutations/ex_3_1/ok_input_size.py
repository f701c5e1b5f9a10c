# expect: pass
stats = summary(model, input_size=(32, 1, 28, 28))
total_params = 109386
hidden_output_shape = [32, 64]
