# expect: fail
# subtle: no
# mistake: fixed is still broken (the learner forgot to change the number), so it fails on MNIST batches
# words: 128|256|shape
bad_layer = 3
fixed = nn.Sequential(
    nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10)
)
