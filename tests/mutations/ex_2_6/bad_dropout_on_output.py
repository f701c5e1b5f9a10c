# expect: fail
# subtle: yes
# mistake: a Dropout after the output layer, so the logits are dropped out too (the output should be a plain Linear)
# words: output|dropout|logits|last
def block(n_in, n_out):
    return [nn.Linear(n_in, n_out), nn.BatchNorm1d(n_out), nn.ReLU(), nn.Dropout(0.3)]


improved_model = nn.Sequential(
    nn.Flatten(),
    *block(784, 256),
    *block(256, 128),
    nn.Linear(128, 10), nn.Dropout(0.3),
)
improved_optimizer = optim.Adam(improved_model.parameters(), lr=1e-3, weight_decay=1e-4)
