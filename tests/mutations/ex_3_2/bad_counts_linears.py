# expect: fail
# subtle: yes
# mistake: bad_layer counts only Linear layers (the 2nd Linear) instead of the Sequential index 3
# words: 3|index|sequential
bad_layer = 2
fixed = nn.Sequential(
    nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10)
)
