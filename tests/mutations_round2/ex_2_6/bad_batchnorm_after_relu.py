# expect: fail
# subtle: yes
# mistake: hidden layers are Linear -> ReLU -> BatchNorm1d -> Dropout: batch norm comes after the ReLU instead of before it
# words: order|batchnorm|relu|before
improved_model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256), nn.ReLU(), nn.BatchNorm1d(256), nn.Dropout(0.3),
    nn.Linear(256, 128), nn.ReLU(), nn.BatchNorm1d(128), nn.Dropout(0.3),
    nn.Linear(128, 10),
)
improved_optimizer = optim.Adam(improved_model.parameters(), lr=1e-3, weight_decay=1e-4)
