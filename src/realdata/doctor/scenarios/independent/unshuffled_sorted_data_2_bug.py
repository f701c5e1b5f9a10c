"""expect: unshuffled-sorted-data
A stratified train/val split is made by argsorting the labels and taking every 6th index for validation; the remaining (class-sorted) training indices go to a DataLoader without shuffling.
Plain run printed: train loss 2.444 / 2.327, val acc 0.086 / 0.099, test acc 0.085.
"""

import argparse
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms


class LeNetish(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5)  # 24x24
        self.c2 = nn.Conv2d(6, 16, 5)  # 8x8 -> pool -> 4x4
        self.f1 = nn.Linear(16 * 4 * 4, 84)
        self.f2 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        return self.f2(F.relu(self.f1(x.flatten(1))))


def accuracy(model, loader):
    model.eval()
    hit = n = 0
    with torch.no_grad():
        for x, y in loader:
            hit += (model(x).argmax(1) == y).sum().item()
            n += len(y)
    return hit / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=6000, help="images taken from the training split")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--lr", type=float, default=2e-3)
    args = ap.parse_args()

    torch.manual_seed(123)
    root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    full = datasets.MNIST(root, train=True, download=False, transform=tf)
    test = Subset(datasets.MNIST(root, train=False, download=False, transform=tf), range(1000))

    order = torch.argsort(full.targets[: args.n], stable=True)
    is_val = torch.zeros(args.n, dtype=torch.bool)
    is_val[::6] = True
    train_idx, val_idx = order[~is_val].tolist(), order[is_val].tolist()

    train_loader = DataLoader(Subset(full, train_idx), batch_size=64)
    val_loader = DataLoader(Subset(full, val_idx), batch_size=500)
    test_loader = DataLoader(test, batch_size=500)
    print(f"train {len(train_idx)}  val {len(val_idx)}  test {len(test)}")

    model = LeNetish()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    for epoch in range(args.epochs):
        model.train()
        tot = 0.0
        for x, y in train_loader:
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            tot += loss.item()
        print(
            f"epoch {epoch + 1}: train loss {tot / len(train_loader):.4f}  "
            f"val acc {accuracy(model, val_loader):.3f}"
        )
    print(f"test acc {accuracy(model, test_loader):.3f}")


if __name__ == "__main__":
    main()
