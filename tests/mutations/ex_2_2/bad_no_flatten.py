# expect: fail
# subtle: no
# mistake: no Flatten, so the first Linear(784, 256) receives [B, 1, 28, 28] images and fails
# words: flatten|784|shape
model = nn.Sequential(
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),
    nn.ReLU(),
    nn.Linear(128, 10),
)
