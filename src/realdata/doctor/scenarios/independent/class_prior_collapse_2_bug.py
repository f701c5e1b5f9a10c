"""expect: class-prior-collapse
Bug: every Linear weight is initialised to zero, so the tanh hidden layers output 0 for every input and never get a gradient; only the last bias learns the (long-tailed) label prior.
Plain run printed: long-tailed train set (1500 ... 60 per digit); train loss 1.986 -> 1.907 -> 1.905 (label-prior entropy 1.903), test acc 0.310 = share of digit 0, all 968 test predictions are digit 0 (3 epochs).
"""

import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision import datasets

torch.manual_seed(1)
ROOT = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))


def long_tailed(ds, head, ratio, gen):
    """Keep head * ratio**c images of class c (a long-tailed subset)."""
    keep = []
    for c in range(10):
        idx = (ds.targets == c).nonzero().flatten()
        idx = idx[torch.randperm(len(idx), generator=gen)]
        keep.append(idx[: int(head * ratio**c)])
    keep = torch.cat(keep)
    x = ds.data[keep].float().div(255.0).sub(0.1307).div(0.3081).flatten(1)
    return x, ds.targets[keep]


class TanhNet(nn.Module):
    def __init__(self, sizes=(784, 256, 128, 10)):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.reset_parameters()

    def reset_parameters(self):
        for layer in self.layers:
            nn.init.zeros_(layer.weight)
            nn.init.zeros_(layer.bias)

    def forward(self, x):
        for layer in self.layers[:-1]:
            x = torch.tanh(layer(x))
        return self.layers[-1](x)


def batches(x, y, bs, gen):
    order = torch.randperm(len(y), generator=gen)
    for i in range(0, len(y), bs):
        j = order[i : i + bs]
        yield x[j], y[j]


def evaluate(model, x, y):
    model.eval()
    with torch.no_grad():
        logits = model(x)
    pred = logits.argmax(1)
    return (
        F.cross_entropy(logits, y).item(),
        (pred == y).float().mean().item(),
        torch.bincount(pred, minlength=10),
    )


def main():
    gen = torch.Generator().manual_seed(1)
    xtr, ytr = long_tailed(datasets.MNIST(ROOT, train=True, download=False), 1500, 0.7, gen)
    xte, yte = long_tailed(datasets.MNIST(ROOT, train=False, download=False), 300, 0.7, gen)
    print("train label counts", torch.bincount(ytr, minlength=10).tolist())
    print("test  label counts", torch.bincount(yte, minlength=10).tolist())

    model = TanhNet()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    for epoch in range(3):
        model.train()
        running, seen = 0.0, 0
        for xb, yb in batches(xtr, ytr, 64, gen):
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            running += loss.item() * len(yb)
            seen += len(yb)
        test_loss, acc, hist = evaluate(model, xte, yte)
        print(
            f"epoch {epoch + 1} | train loss {running / seen:.4f} | test loss {test_loss:.4f} "
            f"| test acc {acc:.3f} | predicted counts {hist.tolist()}"
        )


if __name__ == "__main__":
    main()
