"""expect: healthy
Fixed: the 8-layer MLP uses ReLU (matching its He initialisation), so gradients reach the first layers at a healthy scale.
Plain run printed: train loss 0.881 -> 0.293 -> 0.203, test acc 0.876 / 0.889 / 0.905 (3 epochs).
"""

import argparse
import os

import torch
import torch.nn as nn
from torchvision import datasets

ACTIVATIONS = {"sigmoid": nn.Sigmoid, "relu": nn.ReLU, "tanh": nn.Tanh}


def build_mlp(depth, width, activation):
    layers, fan_in = [], 28 * 28
    for _ in range(depth):
        linear = nn.Linear(fan_in, width)
        nn.init.kaiming_uniform_(linear.weight, nonlinearity="relu")
        nn.init.zeros_(linear.bias)
        layers += [linear, ACTIVATIONS[activation]()]
        fan_in = width
    layers.append(nn.Linear(fan_in, 10))
    return nn.Sequential(*layers)


def nll_from_logits(logits, target):
    logits = logits - logits.max(dim=1, keepdim=True).values
    log_z = logits.exp().sum(dim=1).log()
    return (log_z - logits.gather(1, target.unsqueeze(1)).squeeze(1)).mean()


def minibatches(x, y, batch_size):
    order = torch.randperm(len(x))
    for k in range(0, len(x) - batch_size + 1, batch_size):
        sel = order[k : k + batch_size]
        yield x[sel], y[sel]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--depth", type=int, default=8)
    ap.add_argument("--width", type=int, default=256)
    ap.add_argument("--activation", default="relu", choices=sorted(ACTIVATIONS))
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    torch.manual_seed(7)
    root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
    train = datasets.MNIST(root, train=True, download=False)
    test = datasets.MNIST(root, train=False, download=False)
    prep = lambda d: ((d.float() / 255 - 0.1307) / 0.3081).reshape(len(d), -1)
    x_tr, y_tr = prep(train.data[:4000]), train.targets[:4000]
    x_te, y_te = prep(test.data[:1000]), test.targets[:1000]

    model = build_mlp(args.depth, args.width, args.activation)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    for epoch in range(args.epochs):
        model.train()
        losses = []
        for xb, yb in minibatches(x_tr, y_tr, args.batch_size):
            loss = nll_from_logits(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        model.eval()
        with torch.no_grad():
            test_logits = model(x_te)
            test_loss = nll_from_logits(test_logits, y_te).item()
            acc = (test_logits.argmax(1) == y_te).float().mean().item()
        print(
            f"[{epoch + 1}/{args.epochs}] train loss {sum(losses) / len(losses):.4f} "
            f"test loss {test_loss:.4f} test acc {acc:.3f}"
        )


if __name__ == "__main__":
    main()
