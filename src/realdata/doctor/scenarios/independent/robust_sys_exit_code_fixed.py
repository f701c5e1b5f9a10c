"""expect: healthy
exit: 3
Trains a GELU MLP with label smoothing and a cosine schedule in main(), then ends with sys.exit(3) ("finished, checkpoint not written" convention of its imaginary CI job); training itself is healthy.
Plain run printed: epoch 1: train loss 0.9457, test acc 0.8690; epoch 3: train loss 0.5259 (label smoothing 0.05), test acc 0.8990; exit status 3.
"""

import os
import sys

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(784, 256), nn.Linear(256, 128)])
        self.act = nn.GELU()
        self.out = nn.Linear(128, 10)

    def forward(self, x):
        x = x.view(x.size(0), -1)
        for lin in self.blocks:
            x = self.act(lin(x))
        return self.out(x)


def main():
    torch.manual_seed(99)
    root = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")
    tr = datasets.MNIST(root, train=True, download=False)
    te = datasets.MNIST(root, train=False, download=False)
    scale = lambda u8: (u8.float() / 255.0 - 0.5) / 0.5
    train_dl = DataLoader(
        TensorDataset(scale(tr.data[:6000]), tr.targets[:6000]), batch_size=64, shuffle=True
    )
    test_dl = DataLoader(TensorDataset(scale(te.data[:1000]), te.targets[:1000]), batch_size=1000)

    net = Net()
    crit = nn.CrossEntropyLoss(label_smoothing=0.05)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    epochs = 3
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs * len(train_dl))
    for ep in range(epochs):
        net.train()
        s, n = 0.0, 0
        for xb, yb in train_dl:
            loss = crit(net(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            s += loss.item() * len(yb)
            n += len(yb)
        net.eval()
        with torch.no_grad():
            xb, yb = next(iter(test_dl))
            acc = (net(xb).argmax(1) == yb).float().mean().item()
        print(f"epoch {ep + 1}: train loss {s / n:.4f}, test acc {acc:.4f}")
    print("not saving a checkpoint; exiting with status 3")


if __name__ == "__main__":
    main()
    sys.exit(3)
