# expect: fail
# subtle: yes
# mistake: fixed drops the second ReLU, so it is not the same layers as broken
# words: relu|layer|missing
bad_layer = 3
fixed = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.Linear(64, 10))
