"""expect: missing-eval-mode
CNN with BatchNorm2d blocks and a BatchNorm1d head; the per-digit report feeds each digit's test images as one batch but model.eval() is never called, so BatchNorm normalises with single-digit batch statistics.
Plain run printed: train loss 0.443 / 0.115, mean per-digit test acc 0.173 / 0.175 (every digit 0.11-0.27; twin: 0.951 / 0.962).
"""

import argparse
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision import datasets


class ConvBN(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(c_out)

    def forward(self, x):
        return F.max_pool2d(F.relu(self.bn(self.conv(x))), 2)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(ConvBN(1, 16), ConvBN(16, 32))
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Linear(32 * 7 * 7, 128, bias=False),
            nn.BatchNorm1d(128),
            nn.ReLU(),
            nn.Linear(128, 10),
        )

    def forward(self, x):
        return self.head(self.body(x))


def load(root, train, n):
    ds = datasets.MNIST(root, train=train, download=False)
    x = ds.data[:n].unsqueeze(1).float().div(255)
    return (x - 0.1307) / 0.3081, ds.targets[:n]


@torch.no_grad()
def per_digit_accuracy(model, x, y):
    accs = []
    for digit in range(10):
        xs = x[y == digit]
        accs.append((model(xs).argmax(1) == digit).float().mean().item())
    return accs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--bs", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.02)
    args = parser.parse_args()

    torch.manual_seed(11)
    root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
    x_tr, y_tr = load(root, True, 4000)
    x_te, y_te = load(root, False, 1000)

    model = Net()
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, nesterov=True)
    steps = args.epochs * ((len(x_tr) + args.bs - 1) // args.bs)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)

    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(x_tr))
        running = []
        for i in range(0, len(x_tr), args.bs):
            idx = perm[i : i + args.bs]
            loss = F.cross_entropy(model(x_tr[idx]), y_tr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            running.append(loss.item())
        accs = per_digit_accuracy(model, x_te, y_te)
        print(
            f"epoch {epoch + 1}: train loss {sum(running) / len(running):.4f}, "
            f"mean per-digit test acc {sum(accs) / 10:.3f}"
        )
        print("  per digit: " + " ".join(f"{d}:{a:.2f}" for d, a in enumerate(accs)))


if __name__ == "__main__":
    main()
