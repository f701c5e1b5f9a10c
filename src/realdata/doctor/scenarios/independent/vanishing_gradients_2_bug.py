"""expect: vanishing-gradients
Bug: the 7 hidden layers (Xavier init) are squashed with torch.sigmoid, whose slope is at most 0.25, so the backward signal shrinks ~4x per layer and the first layers get ~10^4 times smaller gradients than the last; the loss barely moves.
Plain run printed: train loss 2.390 / 2.337 / 2.312, test acc 0.104 / 0.106 / 0.101 (3 epochs); at init the first layer's weight gradient is ~1e-4 vs ~1 for the output layer.
"""

import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

torch.manual_seed(42)
DATA = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))


class Tower(nn.Module):
    def __init__(self, hidden=256, n_hidden=7):
        super().__init__()
        self.squash = torch.sigmoid
        self.net = nn.ModuleDict({"stem": nn.Linear(784, hidden)})
        for i in range(1, n_hidden):
            self.net[f"h{i}"] = nn.Linear(hidden, hidden)
        self.net["out"] = nn.Linear(hidden, 10)
        self._init()

    def _init(self):
        for name, lin in self.net.items():
            if name == "out":
                continue
            nn.init.xavier_uniform_(lin.weight)
            nn.init.zeros_(lin.bias)

    def forward(self, x):
        h = x.view(x.size(0), -1)
        for name, lin in self.net.items():
            h = lin(h) if name == "out" else self.squash(lin(h))
        return h


def run_epoch(model, loader, optimizer):
    model.train()
    tot, cnt = 0.0, 0
    for images, labels in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        tot += loss.item() * labels.numel()
        cnt += labels.numel()
    return tot / cnt


@torch.no_grad()
def evaluate(model, loader):
    model.eval()
    tot, hit, cnt = 0.0, 0, 0
    for images, labels in loader:
        out = model(images)
        tot += F.cross_entropy(out, labels, reduction="sum").item()
        hit += (out.argmax(1) == labels).sum().item()
        cnt += labels.numel()
    return tot / cnt, hit / cnt


tfm = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_loader = DataLoader(
    Subset(datasets.MNIST(DATA, train=True, download=False, transform=tfm), range(4000)),
    batch_size=64,
    shuffle=True,
)
test_loader = DataLoader(
    Subset(datasets.MNIST(DATA, train=False, download=False, transform=tfm), range(2000, 3000)),
    batch_size=256,
)

model = Tower()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
for epoch in range(3):
    train_loss = run_epoch(model, train_loader, optimizer)
    scheduler.step()
    test_loss, test_acc = evaluate(model, test_loader)
    print(f"epoch {epoch + 1}: train_loss={train_loss:.4f} test_loss={test_loss:.4f} test_acc={test_acc:.3f}")
