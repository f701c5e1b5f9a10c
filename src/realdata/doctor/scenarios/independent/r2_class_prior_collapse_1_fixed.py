"""expect: healthy
Pixels are scaled to [0, 1], binarised and standardised; fixed: the threshold is x > 0.5 (on the
[0, 1] scale), so the strokes survive.
Plain run printed: prior entropy 2.2998; train loss 0.593 / 0.207 / 0.135, test acc 0.889 / 0.911 / 0.915, top digit 128/1000.
"""
import os

import torch
import torch.nn.functional as F
from torch import nn
from torchvision import datasets

ROOT = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))


def preprocess(raw):
    x = raw.float().div(255).flatten(1)
    x = (x > 0.5).float()
    return (x - 0.13) / 0.34


class BinaryDigitNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.parts = nn.ModuleDict({
            "encoder": nn.Sequential(nn.Linear(784, 200), nn.ReLU(), nn.Linear(200, 100), nn.ReLU()),
            "head": nn.Linear(100, 10),
        })

    def forward(self, x):
        return self.parts["head"](self.parts["encoder"](x))


class Trainer:
    def __init__(self, model, lr=0.01, batch_size=50, seed=0):
        self.model = model
        self.opt = torch.optim.Adagrad(model.parameters(), lr=lr)
        self.bs = batch_size
        self.gen = torch.Generator().manual_seed(seed)
        self.history = []

    def fit_epoch(self, x, y):
        self.model.train()
        order = torch.randperm(len(x), generator=self.gen)
        losses = []
        for s in range(0, len(x), self.bs):
            idx = order[s:s + self.bs]
            loss = F.cross_entropy(self.model(x[idx]), y[idx])
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
            losses.append(loss.item())
        self.history.append(sum(losses) / len(losses))
        return self.history[-1]

    @torch.no_grad()
    def predict(self, x):
        self.model.eval()
        return self.model(x).argmax(1)


def main():
    torch.manual_seed(1)
    tr = datasets.MNIST(ROOT, train=True, download=False)
    te = datasets.MNIST(ROOT, train=False, download=False)
    x_tr, y_tr = preprocess(tr.data[:5000]), tr.targets[:5000]
    x_te, y_te = preprocess(te.data[:1000]), te.targets[:1000]
    prior = torch.bincount(y_tr, minlength=10).float() / len(y_tr)
    print(f"label-prior entropy: {-(prior * prior.log()).sum().item():.4f} nats")

    trainer = Trainer(BinaryDigitNet())
    for epoch in range(1, 4):
        loss = trainer.fit_epoch(x_tr, y_tr)
        pred = trainer.predict(x_te)
        acc = (pred == y_te).float().mean().item()
        top = torch.bincount(pred, minlength=10)
        print(f"epoch {epoch}: train loss {loss:.4f}  test acc {acc:.3f}  "
              f"most-predicted digit {top.argmax().item()} ({top.max().item()}/{len(pred)})")


if __name__ == "__main__":
    main()
