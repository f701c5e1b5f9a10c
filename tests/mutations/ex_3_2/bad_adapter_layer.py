# expect: fail
# subtle: yes
# mistake: inserts an extra Linear(256, 128) adapter instead of fixing the wrong number, so the layers are not the same
# words: extra|layer|adapter
bad_layer = 3
fixed = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),
    nn.Linear(128, 64),
    nn.ReLU(),
    nn.Linear(64, 10),
)
