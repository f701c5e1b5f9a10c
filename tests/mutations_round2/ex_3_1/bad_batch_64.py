# expect: fail
# subtle: yes
# mistake: the summary uses a batch of 64 instead of 32, so the hidden shape has the wrong batch size
# words: 32|64|batch
stats = summary(model, input_size=(64, 1, 28, 28))
total_params = stats.total_params
hidden_output_shape = [64, 64]
