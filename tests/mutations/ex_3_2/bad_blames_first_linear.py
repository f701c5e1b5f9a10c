# expect: fail
# subtle: yes
# mistake: bad_layer points at the first Linear (index 1) instead of the layer that receives the wrong size (3)
# words: 3|index|layer
bad_layer = 1
fixed = nn.Sequential(
    nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10)
)
