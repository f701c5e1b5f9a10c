# expect: fail
# subtle: yes
# mistake: bad_layer counted from 1 (4) instead of the zero-based index in the Sequential (3)
# words: 3|index|zero
bad_layer = 4
fixed = nn.Sequential(
    nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10)
)
