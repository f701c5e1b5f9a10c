# expect: fail
# subtle: yes
# mistake: uses Sigmoid instead of ReLU after the hidden layers
# words: relu|sigmoid|activation
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.Sigmoid(),
    nn.Linear(256, 128),
    nn.Sigmoid(),
    nn.Linear(128, 10),
)
