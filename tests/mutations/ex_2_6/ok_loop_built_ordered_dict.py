# expect: pass
from collections import OrderedDict

layers = OrderedDict(flatten=nn.Flatten())
sizes = [784, 256, 128]
for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:]), start=1):
    layers[f"linear{i}"] = nn.Linear(n_in, n_out)
    layers[f"bn{i}"] = nn.BatchNorm1d(n_out)
    layers[f"relu{i}"] = nn.ReLU()
    layers[f"dropout{i}"] = nn.Dropout(0.3)
layers["logits"] = nn.Linear(sizes[-1], 10)

improved_model = nn.Sequential(layers)
improved_optimizer = optim.Adam(improved_model.parameters(), lr=1e-3, weight_decay=1e-4)
