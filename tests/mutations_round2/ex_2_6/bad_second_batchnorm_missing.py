# expect: fail
# subtle: yes
# mistake: the second hidden layer has no BatchNorm1d (Linear -> ReLU -> Dropout)
# words: batchnorm|second|hidden|batch norm
improved_model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.3),
    nn.Linear(256, 128), nn.ReLU(), nn.Dropout(0.3),
    nn.Linear(128, 10),
)
improved_optimizer = optim.Adam(improved_model.parameters(), lr=1e-3, weight_decay=1e-4)
