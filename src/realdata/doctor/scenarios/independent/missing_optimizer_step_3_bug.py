"""expect: missing-optimizer-step
The RMSprop optimizer is built before `with_init()` returns a re-initialised deep copy of the model: it holds only the discarded original's parameters, so the trained model never changes.
Plain run printed: train loss 2.7607 and test acc 12.4% in all 3 epochs.
"""
import argparse
import copy
import os

import torch
import torch.nn as nn
import torchvision


class ResidualMLP(nn.Module):
    def __init__(self, width=128, depth=3):
        super().__init__()
        self.inp = nn.Linear(28 * 28, width)
        self.blocks = nn.ModuleList(nn.Linear(width, width) for _ in range(depth))
        self.norm = nn.LayerNorm(width)
        self.out = nn.Linear(width, 10)

    def forward(self, x):
        h = torch.relu(self.inp(x.flatten(1)))
        for block in self.blocks:
            h = h + torch.relu(block(h))
        return self.out(self.norm(h))


def with_init(model, gain):
    fresh = copy.deepcopy(model)
    for m in fresh.modules():
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight, gain=gain)
            nn.init.zeros_(m.bias)
    return fresh


class Trainer:
    def __init__(self, model, optimizer, loss_fn):
        self.model, self.optimizer, self.loss_fn = model, optimizer, loss_fn
        self.history = []

    def run_epoch(self, loader):
        self.model.train()
        total, count = 0.0, 0
        for x, y in loader:
            self.model.zero_grad(set_to_none=True)
            loss = self.loss_fn(self.model(x), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), 5.0)
            self.optimizer.step()
            total += loss.item() * len(y)
            count += len(y)
        return total / count

    @torch.no_grad()
    def evaluate(self, loader):
        self.model.eval()
        hits = n = 0
        for x, y in loader:
            hits += (self.model(x).argmax(1) == y).sum().item()
            n += len(y)
        return hits / n

    def fit(self, train_loader, test_loader, epochs):
        for ep in range(epochs):
            train_loss = self.run_epoch(train_loader)
            acc = self.evaluate(test_loader)
            self.history.append((train_loss, acc))
            print(f"Epoch {ep + 1:02d} | train loss {train_loss:.4f} | test acc {acc * 100:.1f}%")


def make_loader(root, train, n, batch_size, shuffle):
    tf = torchvision.transforms.Compose([
        torchvision.transforms.ToTensor(),
        torchvision.transforms.Normalize((0.1307,), (0.3081,)),
    ])
    ds = torchvision.datasets.MNIST(root, train=train, download=False, transform=tf)
    ds = torch.utils.data.Subset(ds, list(range(n)))
    return torch.utils.data.DataLoader(ds, batch_size=batch_size, shuffle=shuffle)


def main():
    p = argparse.ArgumentParser(description="residual MLP on MNIST")
    p.add_argument("--root", default=os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata")))
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--gain", type=float, default=1.0)
    args = p.parse_args()

    torch.manual_seed(123)
    train_loader = make_loader(args.root, True, 4000, 64, shuffle=True)
    test_loader = make_loader(args.root, False, 1000, 500, shuffle=False)

    model = ResidualMLP()
    optimizer = torch.optim.RMSprop(model.parameters(), lr=args.lr, alpha=0.95)
    model = with_init(model, args.gain)
    Trainer(model, optimizer, nn.CrossEntropyLoss()).fit(train_loader, test_loader, args.epochs)


if __name__ == "__main__":
    main()
