# expect: fail
# subtle: yes
# mistake: the second hidden layer has no Dropout (only the first hidden layer is Linear -> BatchNorm1d -> ReLU -> Dropout)
# words: dropout|second|hidden|missing
improved_model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.3),
    nn.Linear(256, 128), nn.BatchNorm1d(128), nn.ReLU(),
    nn.Linear(128, 10),
)
improved_optimizer = optim.Adam(improved_model.parameters(), lr=1e-3, weight_decay=1e-4)
