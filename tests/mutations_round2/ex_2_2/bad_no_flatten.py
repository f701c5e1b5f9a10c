# expect: fail
# subtle: no
# mistake: no Flatten: the [B, 1, 28, 28] images reach Linear(784, ...) unflattened and the forward pass fails
# words: flatten|784|shape
model = nn.Sequential(
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),
    nn.ReLU(),
    nn.Linear(128, 10),
)
