# expect: fail
# subtle: yes
# mistake: summarises make_model() (the one-hidden-layer model) instead of model, so the total is 101,770
# words: model|101770|109386
stats = summary(make_model(), input_size=(32, 1, 28, 28))
total_params = stats.total_params
hidden_output_shape = [32, 64]
