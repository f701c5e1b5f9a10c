"""expect: wrong-loss-for-classification
One output unit trained with F.l1_loss against the class index as a float; prediction = rounded output.
Plain run: train loss 1.63 -> 1.07 (L1), train acc 0.21 -> 0.38, test acc 0.217 -> 0.352 over 3 epochs.
"""

import argparse
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.datasets import MNIST

OUTPUTS = 1


class DigitModel(nn.Module):
    def __init__(self, outputs):
        super().__init__()
        self.parts = nn.ModuleDict(
            {
                "conv": nn.Conv2d(1, 12, kernel_size=5),  # 24x24
                "pool": nn.MaxPool2d(4),  # 6x6
                "fc": nn.Linear(12 * 6 * 6, 96),
                "head": nn.Linear(96, outputs),
            }
        )

    def forward(self, x):
        h = self.parts["pool"](F.relu(self.parts["conv"](x)))
        features = F.relu(self.parts["fc"](h.flatten(1)))
        return features, self.parts["head"](features)


def criterion(out, y):
    return F.l1_loss(out.view(-1), y.float())


def decide(out):
    return out.view(-1).round().long()


def load(root, train, n):
    ds = MNIST(root, train=train, download=False)
    x = ds.data[:n].unsqueeze(1).float().div(255.0)
    return (x - 0.1307) / 0.3081, ds.targets[:n]


def run_epoch(model, opt, x, y, batch_size, clip):
    model.train()
    order = torch.randperm(len(x))
    total, right = 0.0, 0
    for i in range(0, len(x), batch_size):
        idx = order[i : i + batch_size]
        _, out = model(x[idx])
        loss = criterion(out, y[idx])
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        total += loss.item() * len(idx)
        right += (decide(out) == y[idx]).sum().item()
    return total / len(x), right / len(x)


def main():
    p = argparse.ArgumentParser(description="MNIST digits")
    p.add_argument(
        "--root", default=os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")
    )
    p.add_argument("--n-train", type=int, default=4000)
    p.add_argument("--n-test", type=int, default=1000)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.005)
    p.add_argument("--clip", type=float, default=5.0)
    args = p.parse_args()

    torch.manual_seed(99)
    x_tr, y_tr = load(args.root, True, args.n_train)
    x_te, y_te = load(args.root, False, args.n_test)
    model = DigitModel(OUTPUTS)
    opt = torch.optim.Adagrad(model.parameters(), lr=args.lr)

    for epoch in range(args.epochs):
        tr_loss, tr_acc = run_epoch(model, opt, x_tr, y_tr, args.batch_size, args.clip)
        model.eval()
        with torch.no_grad():
            _, out = model(x_te)
            te_loss = criterion(out, y_te).item()
            te_acc = (decide(out) == y_te).float().mean().item()
        print(
            f"epoch={epoch + 1} train_loss={tr_loss:.4f} train_acc={tr_acc:.4f} "
            f"test_loss={te_loss:.4f} test_acc={te_acc:.4f}"
        )


if __name__ == "__main__":
    main()
