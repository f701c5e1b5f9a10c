# expect: fail
# subtle: no
# mistake: bad_layer given as the string "3" instead of the integer 3
# words: number|int|string
bad_layer = "3"
fixed = nn.Sequential(
    nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10)
)
