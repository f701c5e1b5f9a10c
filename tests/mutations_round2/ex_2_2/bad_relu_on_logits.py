# expect: fail
# subtle: yes
# mistake: a ReLU after the output layer too, so negative logits are clipped to 0
# words: relu|logits|last|output
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),
    nn.ReLU(),
    nn.Linear(128, 10),
    nn.ReLU(),
)
