"""expect: class-prior-collapse
Bug: the dropout rate is given as a TF-style keep probability (1.0), so nn.Dropout(p=1.0) zeroes every feature.
Plain run printed: train loss 2.3006 -> 2.2997 -> 2.2992 (~ln 10), train acc 0.121 every epoch (the most frequent digit), test acc 0.110 / 0.131 / 0.155, test predictions concentrated on digits 7, 1 and 3 (748 of 1000 on 7 after epoch 1, 579 on 1 after epoch 3).
"""

import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

torch.manual_seed(0)
root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))

HPARAMS = {"batch_size": 64, "lr": 2e-3, "epochs": 3, "keep_prob": 1.0}

tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_full = datasets.MNIST(root, train=True, download=False, transform=tf)
test_full = datasets.MNIST(root, train=False, download=False, transform=tf)
g = torch.Generator().manual_seed(0)
train_set = Subset(train_full, torch.randperm(len(train_full), generator=g)[:3000].tolist())
test_set = Subset(test_full, torch.randperm(len(test_full), generator=g)[:1000].tolist())
train_loader = DataLoader(train_set, batch_size=HPARAMS["batch_size"], shuffle=True)
test_loader = DataLoader(test_set, batch_size=500)

model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(16 * 7 * 7, 128),
    nn.ReLU(),
    nn.Dropout(HPARAMS["keep_prob"]),
    nn.Linear(128, 10),
)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=HPARAMS["lr"])

for epoch in range(HPARAMS["epochs"]):
    model.train()
    total, hits, n = 0.0, 0, 0
    for xb, yb in train_loader:
        optimizer.zero_grad()
        out = model(xb)
        loss = criterion(out, yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(yb)
        hits += (out.argmax(1) == yb).sum().item()
        n += len(yb)

    model.eval()
    correct, preds = 0, []
    with torch.no_grad():
        for xb, yb in test_loader:
            p = model(xb).argmax(1)
            preds.append(p)
            correct += (p == yb).sum().item()
    counts = torch.bincount(torch.cat(preds), minlength=10).tolist()
    print(
        f"epoch {epoch + 1}: train loss {total / n:.4f}  train acc {hits / n:.3f}  test acc {correct / len(test_set):.3f}  "
        f"predicted-class counts {counts}"
    )
