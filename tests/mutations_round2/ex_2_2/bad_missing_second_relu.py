# expect: fail
# subtle: yes
# mistake: no ReLU after the second hidden layer (256 -> 128 -> 10 is then one linear map)
# words: relu|second|hidden|activation
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),
    nn.Linear(128, 10),
)
