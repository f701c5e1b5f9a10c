# expect: fail
# subtle: yes
# mistake: the replacement Linear(256, 64) is built with bias=False, so it is not the same layer
# words: bias
bad_layer = 3
fixed = nn.Sequential(
    nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64, bias=False), nn.ReLU(), nn.Linear(64, 10)
)
