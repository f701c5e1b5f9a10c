# expect: fail
# subtle: no
# mistake: the fixed layer has its sizes swapped, nn.Linear(64, 256) instead of nn.Linear(256, 64)
# words: 256|64|order
bad_layer = 3
fixed = nn.Sequential(
    nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(64, 256), nn.ReLU(), nn.Linear(64, 10)
)
