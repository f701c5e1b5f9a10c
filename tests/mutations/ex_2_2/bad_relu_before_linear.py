# expect: fail
# subtle: yes
# mistake: the ReLUs are placed before each hidden Linear instead of after it, so the second hidden layer has no ReLU after it
# words: relu|after|order|hidden
model = nn.Sequential(
    nn.Flatten(),
    nn.ReLU(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),
    nn.Linear(128, 10),
)
