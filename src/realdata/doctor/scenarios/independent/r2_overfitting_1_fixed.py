"""expect: healthy
Fixed: the same MLP gets 6000 training images and 3 epochs (same number of updates); train and test stay close.
Plain run printed: train loss 0.183/0.103/0.073 (acc 0.976); test loss 0.260/0.221/0.217, test acc 0.917/0.928/0.935.
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

N_TRAIN = 6000
EPOCHS = 3
BATCH = 50
LOG_EVERY = max(1, EPOCHS // 6)

torch.manual_seed(0)
root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
train_raw = torchvision.datasets.MNIST(root, train=True, download=False)
test_raw = torchvision.datasets.MNIST(root, train=False, download=False)


def normalise(u8):
    return ((u8.float() / 255.0) - 0.1307) / 0.3081


pick = torch.randperm(len(train_raw.targets))[:N_TRAIN]
x_train, y_train = normalise(train_raw.data[pick]).view(-1, 784), train_raw.targets[pick]
x_test, y_test = normalise(test_raw.data[:1000]).view(-1, 784), test_raw.targets[:1000]


class WideMLP(nn.Module):
    def __init__(self, width=512):
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(784, width), nn.Linear(width, width)])
        self.head = nn.Linear(width, 10)

    def forward(self, x):
        for block in self.blocks:
            x = F.relu(block(x))
        return self.head(x)


def batches():
    order = torch.randperm(N_TRAIN)
    for s in range(0, N_TRAIN, BATCH):
        j = order[s:s + BATCH]
        yield x_train[j], y_train[j]


def stats(model, x, y):
    with torch.no_grad():
        logits = model(x)
    return F.cross_entropy(logits, y).item(), (logits.argmax(1) == y).float().mean().item()


model = WideMLP()
opt = torch.optim.RMSprop(model.parameters(), lr=1e-3)
for epoch in range(1, EPOCHS + 1):
    for xb, yb in batches():
        opt.zero_grad()
        F.cross_entropy(model(xb), yb).backward()
        opt.step()
    if epoch % LOG_EVERY == 0 or epoch == 1:
        tr_loss, tr_acc = stats(model, x_train, y_train)
        te_loss, te_acc = stats(model, x_test, y_test)
        print(f"epoch {epoch:3d}  train loss {tr_loss:.4f} acc {tr_acc:.3f} | "
              f"test loss {te_loss:.4f} acc {te_acc:.3f}")
