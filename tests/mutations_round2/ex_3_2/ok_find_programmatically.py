# expect: pass
def first_misfit(seq, x):
    for index, layer in enumerate(seq):
        try:
            x = layer(x)
        except RuntimeError:
            return index
    return None


bad_layer = first_misfit(broken, torch.zeros(2, 1, 28, 28))
layers = list(broken)
layers[bad_layer] = nn.Linear(layers[bad_layer - 2].out_features, layers[bad_layer].out_features)
fixed = nn.Sequential(*layers)
summary(fixed, input_size=(64, 1, 28, 28))
