# expect: fail
# subtle: yes
# mistake: the output layer has 9 units (digits "0 to 9" read as 9) instead of 10 logits
# words: 10|9|output|classes
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),
    nn.ReLU(),
    nn.Linear(128, 9),
)
