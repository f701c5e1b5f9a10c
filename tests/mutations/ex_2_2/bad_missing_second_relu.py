# expect: fail
# subtle: yes
# mistake: no ReLU after the second hidden layer (256 -> 128)
# words: relu|second|hidden|missing
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),
    nn.Linear(128, 10),
)
