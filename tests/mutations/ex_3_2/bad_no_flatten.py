# expect: fail
# subtle: no
# mistake: the rebuilt model leaves out nn.Flatten, so [B, 1, 28, 28] images do not fit the first Linear
# words: flatten|784|28
bad_layer = 3
fixed = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10))
