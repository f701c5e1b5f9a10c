# expect: fail
# subtle: yes
# mistake: total_params read from the wrong summary field (total mult-adds) instead of the parameter count
# words: total|params|109386
stats = summary(model, input_size=(32, 1, 28, 28))
total_params = stats.total_mult_adds
hidden_output_shape = [32, 64]
