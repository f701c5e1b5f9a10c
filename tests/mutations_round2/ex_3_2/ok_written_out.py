# expect: pass
bad_layer = 3
fixed = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 64),  # was nn.Linear(128, 64)
    nn.ReLU(),
    nn.Linear(64, 10),
)
