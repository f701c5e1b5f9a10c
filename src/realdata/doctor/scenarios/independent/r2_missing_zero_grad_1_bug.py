"""expect: missing-zero-grad
Bug: zero_grad() runs once at the start of each epoch instead of inside the closure, so gradients sum over the epoch.
Plain run printed: train nll 0.991/1.103/1.872, test nll 1.264/2.234/2.536, test acc 77.5%/56.6%/55.1%.
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

torch.manual_seed(0)

ROOT = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
train_ds = torchvision.datasets.MNIST(ROOT, train=True, download=False)
test_ds = torchvision.datasets.MNIST(ROOT, train=False, download=False)


def prep(ds, n):
    x = ds.data[:n].flatten(1).float() / 255.0
    return (x - 0.1307) / 0.3081, ds.targets[:n].clone()


X_train, Y_train = prep(train_ds, 4000)
X_test, Y_test = prep(test_ds, 1000)


def minibatches(x, y, batch_size, seed):
    g = torch.Generator().manual_seed(seed)
    order = torch.randperm(len(x), generator=g)
    for i in range(0, len(x), batch_size):
        sel = order[i:i + batch_size]
        yield x[sel], y[sel]


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(784, 200), nn.Tanh(), nn.Linear(200, 64), nn.Tanh())
        self.cls = nn.Linear(64, 10)

    def forward(self, x):
        z = self.body(x)
        return F.log_softmax(self.cls(z), dim=1), z


net = Encoder()
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)

for epoch in range(3):
    seen, loss_total = 0, 0.0
    optimizer.zero_grad()
    for xb, yb in minibatches(X_train, Y_train, 50, seed=epoch):
        def closure():
            logp, _ = net(xb)
            loss = F.nll_loss(logp, yb)
            loss.backward()
            return loss

        loss = optimizer.step(closure)
        loss_total += loss.item() * len(yb)
        seen += len(yb)
    with torch.no_grad():
        logp, _ = net(X_test)
        test_loss = F.nll_loss(logp, Y_test).item()
        test_acc = (logp.argmax(1) == Y_test).float().mean().item()
    print(f"[epoch {epoch}] train nll {loss_total / seen:.4f} | test nll {test_loss:.4f} | "
          f"test acc {100 * test_acc:.1f}%")
