# expect: fail
# subtle: yes
# mistake: the rewritten model loses the first ReLU, so two Linear layers touch with no activation between them
# words: relu|missing|layer
bad_layer = 3
fixed = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10))
