"""expect: wrong-loss-for-classification
One output unit regresses the class number with a hand-written squared error; predictions are round().clamp(0, 9).
Plain run: loss 5.69 -> 1.22, train acc 0.22 -> 0.48, test acc 0.346 -> 0.400 over 4 epochs.
"""

import os

import torch
import torch.nn as nn
from torchvision import datasets

torch.manual_seed(7)
ROOT = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")


def prepare(train, n):
    ds = datasets.MNIST(ROOT, train=train, download=False)
    x = ds.data[:n].reshape(n, -1).float() / 255.0
    x = (x - 0.1307) / 0.3081
    return x, ds.targets[:n]


def batches(x, y, size):
    perm = torch.randperm(len(x))
    for i in range(0, len(x), size):
        idx = perm[i : i + size]
        yield x[idx], y[idx]


class Net(nn.Module):
    def __init__(self, n_out):
        super().__init__()
        self.hidden = nn.Linear(784, 128)
        self.act = nn.ReLU()
        self.out = nn.Linear(128, n_out)

    def forward(self, x):
        return self.out(self.act(self.hidden(x)))


def objective(output, target):
    return ((output.squeeze(1) - target.float()) ** 2).mean()


def predict(output):
    return output.squeeze(1).round().clamp(0, 9).long()


x_train, y_train = prepare(True, 5000)
x_test, y_test = prepare(False, 1000)

net = Net(n_out=1)
optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)

for epoch in range(4):
    net.train()
    epoch_loss, hits, count = 0.0, 0, 0
    for xb, yb in batches(x_train, y_train, 50):
        output = net(xb)
        loss = objective(output, yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item() * len(yb)
        hits += (predict(output) == yb).sum().item()
        count += len(yb)
    scheduler.step()

    net.eval()
    with torch.no_grad():
        test_out = net(x_test)
        test_loss = objective(test_out, y_test).item()
        test_acc = (predict(test_out) == y_test).float().mean().item()
    print(
        f"Epoch {epoch + 1} | lr {scheduler.get_last_lr()[0]:.4f} | loss {epoch_loss / count:.4f} "
        f"| train acc {hits / count:.3f} | test loss {test_loss:.4f} | test acc {test_acc:.3f}"
    )
