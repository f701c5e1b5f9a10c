# expect: fail
# subtle: yes
# mistake: total_params is the first Linear layer's parameter count (100,480), not the model's total
# words: total|100480|109386
stats = summary(model, input_size=(32, 1, 28, 28))
total_params = 100480
hidden_output_shape = [32, 64]
