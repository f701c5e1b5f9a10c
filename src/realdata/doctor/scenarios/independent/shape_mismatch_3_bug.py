"""expect: shape-mismatch
Binary odd/even task: the (B, 1) logits go straight into F.binary_cross_entropy_with_logits against (B,) targets: "Target size must be the same as input size" crash.
Plain run printed: ValueError: Target size (torch.Size([50])) must be the same as input size (torch.Size([50, 1])) at the first batch.
"""

import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision import datasets


def load_split(root, train, n):
    ds = datasets.MNIST(root, train=train, download=False)
    x = ds.data[:n].float().div(255.0).sub(0.1307).div(0.3081).flatten(1)
    y = (ds.targets[:n] % 2).float()
    return x, y


def minibatches(x, y, batch_size, gen):
    order = torch.randperm(len(x), generator=gen)
    for start in range(0, len(x), batch_size):
        sel = order[start : start + batch_size]
        yield x[sel], y[sel]


class OddEvenNet(nn.Module):
    def __init__(self, sizes=(784, 256, 64)):
        super().__init__()
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:], strict=False))
        self.head = nn.Linear(sizes[-1], 1)

    def forward(self, x):
        for layer in self.hidden:
            x = F.gelu(layer(x))
        return self.head(x)


class Trainer:
    def __init__(self, model, lr=1e-3, batch_size=50, seed=3):
        self.model = model
        self.opt = torch.optim.RMSprop(model.parameters(), lr=lr)
        self.batch_size = batch_size
        self.gen = torch.Generator().manual_seed(seed)

    def train_epoch(self, x, y):
        self.model.train()
        losses = []
        for xb, yb in minibatches(x, y, self.batch_size, self.gen):
            logits = self.model(xb)
            loss = F.binary_cross_entropy_with_logits(logits, yb)
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
            losses.append(loss.item())
        return sum(losses) / len(losses)

    @torch.no_grad()
    def accuracy(self, x, y):
        self.model.eval()
        pred = (self.model(x).view(-1) > 0).float()
        return (pred == y).float().mean().item()


if __name__ == "__main__":
    torch.manual_seed(3)
    root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
    x_tr, y_tr = load_split(root, True, 4000)
    x_te, y_te = load_split(root, False, 1000)
    trainer = Trainer(OddEvenNet())
    for ep in range(3):
        loss = trainer.train_epoch(x_tr, y_tr)
        print(
            f"epoch {ep}: bce {loss:.4f}, train acc {trainer.accuracy(x_tr, y_tr):.3f}, "
            f"test acc {trainer.accuracy(x_te, y_te):.3f}"
        )
