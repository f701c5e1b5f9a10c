# expect: fail
# subtle: yes
# mistake: a ReLU after the output layer too, so the logits can never be negative
# words: relu|logits|output|last
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),
    nn.ReLU(),
    nn.Linear(128, 10),
    nn.ReLU(),
)
