# expect: fail
# subtle: yes
# mistake: the optimizer is built on Step 2's model.parameters() instead of improved_model's, so training never updates improved_model
# words: parameters|optimizer|improved_model|model
improved_model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.3),
    nn.Linear(256, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.3),
    nn.Linear(128, 10),
)
improved_optimizer = optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
