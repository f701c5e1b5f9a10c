"""expect: healthy
MLP on 14x14 down-sampled MNIST; both the train and the test pipeline resize to 14x14, so x.view(-1, 14*14) keeps the batch intact.
Plain run printed: loss 0.745 -> 0.120 over 5 epochs, test acc 87.5% -> 92.8% (epoch 4), 91.1% at epoch 5.
"""

import argparse
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms


class SmallNet(nn.Module):
    def __init__(self, side, hidden=256, n_classes=10):
        super().__init__()
        self.side = side
        self.fc1 = nn.Linear(side * side, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, n_classes)

    def forward(self, x):
        x = x.view(-1, self.side * self.side)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.out(x)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--side", type=int, default=14)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--n-train", type=int, default=4000)
    args = parser.parse_args()

    torch.manual_seed(1)
    root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
    norm = transforms.Normalize((0.1307,), (0.3081,))
    train_tf = transforms.Compose([transforms.Resize(args.side), transforms.ToTensor(), norm])
    test_tf = transforms.Compose([transforms.Resize(args.side), transforms.ToTensor(), norm])
    train_ds = Subset(
        datasets.MNIST(root, train=True, download=False, transform=train_tf), range(args.n_train)
    )
    test_ds = Subset(datasets.MNIST(root, train=False, download=False, transform=test_tf), range(1000))
    train_dl = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True)
    test_dl = DataLoader(test_ds, batch_size=200)

    net = SmallNet(args.side)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-2)

    for epoch in range(1, args.epochs + 1):
        net.train()
        total, n = 0.0, 0
        for xb, yb in train_dl:
            logits = net(xb)
            loss = F.cross_entropy(logits, yb)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), max_norm=5.0)
            opt.step()
            total += loss.item() * len(yb)
            n += len(yb)

        net.eval()
        hits = 0
        with torch.no_grad():
            for xb, yb in test_dl:
                hits += (net(xb).argmax(1) == yb).sum().item()
        print(f"[{epoch}/{args.epochs}] loss={total / n:.4f} test_acc={hits / len(test_ds):.2%}")


if __name__ == "__main__":
    main()
