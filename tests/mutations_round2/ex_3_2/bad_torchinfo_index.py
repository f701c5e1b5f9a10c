# expect: fail
# subtle: yes
# mistake: bad_layer is 4, torchinfo's 1-based "1-4" row number, not the index 3 in the nn.Sequential
# words: index|3|4
bad_layer = 4  # "Linear: 1-4" in the summary
fixed = nn.Sequential(
    nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10)
)
