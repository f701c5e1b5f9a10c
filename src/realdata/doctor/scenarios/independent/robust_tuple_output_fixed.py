"""expect: healthy
A CNN whose forward() returns a tuple (logits, embedding); the script unpacks it, trains on the logits with nn.CrossEntropyLoss plus a tiny L2 penalty on the embedding, and evaluates with `logits, _ = model(x)`.
Plain run printed: epoch 1: train loss 0.8899, test acc 0.9010; epoch 2: train loss 0.2291, test acc 0.9310.
"""

import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets

torch.manual_seed(11)
root = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")


def tensors(train, n):
    ds = datasets.MNIST(root, train=train, download=False)
    x = ds.data[:n].unsqueeze(1).float() / 255.0
    return (x - 0.1307) / 0.3081, ds.targets[:n]


class TwoHeadNet(nn.Module):
    def __init__(self, emb_dim=32):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 8, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(16 * 7 * 7, emb_dim),
            nn.ReLU(),
        )
        self.head = nn.Linear(emb_dim, 10)

    def forward(self, x):
        emb = self.body(x)
        return self.head(emb), emb


xtr, ytr = tensors(True, 5000)
xte, yte = tensors(False, 1000)
train_loader = DataLoader(TensorDataset(xtr, ytr), batch_size=50, shuffle=True)
test_loader = DataLoader(TensorDataset(xte, yte), batch_size=500)

model = TwoHeadNet()
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)

for epoch in range(1, 3):
    model.train()
    tot, n = 0.0, 0
    for x, y in train_loader:
        logits, emb = model(x)
        loss = criterion(logits, y) + 1e-4 * emb.pow(2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        tot += loss.item() * len(y)
        n += len(y)
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in test_loader:
            logits, _ = model(x)
            correct += (logits.argmax(1) == y).sum().item()
    print(f"epoch {epoch}: train loss {tot / n:.4f}  test acc {correct / len(xte):.4f}")
