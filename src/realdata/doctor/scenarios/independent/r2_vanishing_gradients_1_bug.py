"""expect: vanishing-gradients
Bug: an 8-layer stack of sigmoids with PyTorch's default init; the gradient reaching the first layers is ~6e-6 of the head's.
Plain run printed: train loss 2.323/2.333/2.332, test acc 0.094/0.110/0.087 (first-layer grad ~4e-6 vs head ~0.75).
"""
import os

import torch
import torch.nn as nn
import torchvision

CONFIG = {
    "depth": 7,
    "width": 256,
    "activation": "sigmoid",
    "init": "default",
    "lr": 0.01,
    "epochs": 3,
    "batch_size": 64,
}

ACTIVATIONS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}


class DeepNet(nn.Module):
    def __init__(self, depth, width, activation, init):
        super().__init__()
        layers = {"inp": nn.Linear(784, width)}
        for i in range(depth - 1):
            layers[f"hid{i}"] = nn.Linear(width, width)
        layers["out"] = nn.Linear(width, 10)
        self.layers = nn.ModuleDict(layers)
        self.act = ACTIVATIONS[activation]
        if init == "kaiming":
            for layer in self.layers.values():
                nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
                nn.init.zeros_(layer.bias)

    def forward(self, x):
        h = x.flatten(1)
        for name in self.layers:
            h = self.layers[name](h)
            if name != "out":
                h = self.act(h)
        return h


def mnist(train, n):
    root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
    ds = torchvision.datasets.MNIST(root, train=train, download=False)
    x = (ds.data[:n].float() / 255 - 0.1307) / 0.3081
    return x, ds.targets[:n]


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def main(cfg):
    torch.manual_seed(0)
    xtr, ytr = mnist(True, 5000)
    xte, yte = mnist(False, 1000)
    model = DeepNet(cfg["depth"], cfg["width"], cfg["activation"], cfg["init"])
    opt = torch.optim.SGD(model.parameters(), lr=cfg["lr"], momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    bs = cfg["batch_size"]
    for epoch in range(cfg["epochs"]):
        perm = torch.randperm(len(xtr))
        total, n = 0.0, 0
        for b in range(0, len(xtr), bs):
            idx = perm[b:b + bs]
            opt.zero_grad()
            loss = loss_fn(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            n += len(idx)
        print(f"epoch {epoch + 1}  train loss {total / n:.4f}  "
              f"train acc {accuracy(model, xtr, ytr):.3f}  test acc {accuracy(model, xte, yte):.3f}")


if __name__ == "__main__":
    main(CONFIG)
