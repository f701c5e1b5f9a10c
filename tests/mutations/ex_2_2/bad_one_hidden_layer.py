# expect: fail
# subtle: no
# mistake: only one hidden layer (784 -> 256 -> 10): the 128-unit layer is missing
# words: 128|hidden|layer
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 10),
)
