# expect: fail
# subtle: yes
# mistake: summary run on a batch of 64 (the lesson's size) instead of 32, so the shape is [64, 64]
# words: 32|64|batch
stats = summary(model, input_size=(64, 1, 28, 28))
total_params = stats.total_params
hidden_output_shape = [64, 64]
