# expect: fail
# subtle: yes
# mistake: inserts an extra Linear(256, 128) adapter instead of correcting the one wrong number
# words: extra|layer|adapter|128
bad_layer = 3
fixed = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),  # adapter so the 128 fits
    nn.Linear(128, 64),
    nn.ReLU(),
    nn.Linear(64, 10),
)
