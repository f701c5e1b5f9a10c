"""expect: healthy
Fixed: the six convolutions are followed by nn.ReLU, so gradients reach the first convolutions at a healthy scale.
Plain run printed: mean train loss 0.834 -> 0.238 -> 0.155, test acc 0.870 / 0.927 / 0.936 (3 epochs).
"""

import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.datasets import MNIST

ROOT = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
Act = nn.ReLU


def conv_block(c_in, c_out):
    conv = nn.Conv2d(c_in, c_out, 3, padding=1)
    nn.init.kaiming_normal_(conv.weight, nonlinearity="relu")
    nn.init.zeros_(conv.bias)
    return nn.Sequential(conv, Act())


class ConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            conv_block(1, 8),
            conv_block(8, 8),
            nn.MaxPool2d(2),
            conv_block(8, 16),
            conv_block(16, 16),
            nn.MaxPool2d(2),
            conv_block(16, 16),
            conv_block(16, 16),
        )
        self.classifier = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


def load_split(train, n):
    ds = MNIST(ROOT, train=train, download=False)
    x = ds.data[:n].unsqueeze(1).float().div(255)
    return (x - 0.1307) / 0.3081, ds.targets[:n]


def shuffled_batches(x, y, size, generator):
    idx = torch.randperm(len(y), generator=generator)
    for chunk in idx.split(size):
        yield x[chunk], y[chunk]


if __name__ == "__main__":
    torch.manual_seed(123)
    gen = torch.Generator().manual_seed(123)
    x_train, y_train = load_split(True, 3000)
    x_test, y_test = load_split(False, 1000)

    net = ConvNet()
    decay, no_decay = [], []
    for name, p in net.named_parameters():
        (no_decay if name.endswith("bias") else decay).append(p)
    opt = torch.optim.SGD(
        [
            {"params": decay, "weight_decay": 5e-4},
            {"params": no_decay, "weight_decay": 0.0},
        ],
        lr=0.02,
        momentum=0.9,
    )

    for epoch in range(3):
        net.train()
        seen, loss_sum = 0, 0.0
        for i, (xb, yb) in enumerate(shuffled_batches(x_train, y_train, 50, gen)):
            loss = F.cross_entropy(net(xb), yb)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), max_norm=5.0)
            opt.step()
            seen += len(yb)
            loss_sum += loss.item() * len(yb)
            if i % 20 == 0:
                print(f"  epoch {epoch + 1} batch {i:2d} loss {loss.item():.4f}")
        net.eval()
        with torch.no_grad():
            pred = net(x_test).argmax(dim=1)
        print(
            f"epoch {epoch + 1}: mean train loss {loss_sum / seen:.4f}, "
            f"test accuracy {(pred == y_test).float().mean().item():.3f}"
        )
