# expect: fail
# subtle: no
# mistake: Flatten(start_dim=0) also flattens the batch dimension, so a batch no longer fits Linear(784, 256)
# words: flatten|batch|dim|start_dim
model = nn.Sequential(
    nn.Flatten(start_dim=0),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),
    nn.ReLU(),
    nn.Linear(128, 10),
)
