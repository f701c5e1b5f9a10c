# expect: fail
# subtle: yes
# mistake: takes summary_list[2] (the first Linear, since row 0 is the Sequential) instead of the second Linear layer
# words: second|128|64
stats = summary(model, input_size=(32, 1, 28, 28), verbose=0)
total_params = stats.total_params
hidden_output_shape = stats.summary_list[2].output_size
