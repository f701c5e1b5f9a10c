# expect: fail
# subtle: yes
# mistake: hidden sizes are 784 -> 128 -> 256 -> 10 instead of 784 -> 256 -> 128 -> 10
# words: 256|128|size|hidden
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 128),
    nn.ReLU(),
    nn.Linear(128, 256),
    nn.ReLU(),
    nn.Linear(256, 10),
)
