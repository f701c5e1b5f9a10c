"""expect: exploding-gradients
Bug: the linear-scaling rule for the learning rate forgets the division by 256, so SGD runs at lr = 0.2 * 128 = 25.6 and the loss goes to inf/NaN.
Plain run printed: lr = 25.6; first batch loss 2.317, mean loss nan in every epoch (NaN within the first epoch), test acc 0.085 (3 epochs).
"""

import os

import torch
import torch.nn as nn
from torchvision.datasets import MNIST

torch.manual_seed(11)

ROOT = os.environ.get("REALDATA_DATA") or os.path.join(os.path.expanduser("~"), ".cache", "realdata")
BATCH_SIZE = 128
BASE_LR = 0.2
LR = BASE_LR * BATCH_SIZE
EPOCHS = 3


def load(train, n):
    ds = MNIST(ROOT, train=train, download=False)
    x = ds.data[:n].float() / 255.0
    x = (x - 0.1307) / 0.3081
    return x.reshape(n, -1), ds.targets[:n].clone()


def train_epoch(model, opt, loss_fn, x, y):
    model.train()
    perm = torch.randperm(x.shape[0])
    x, y = x[perm], y[perm]
    losses = []
    for start in range(0, x.shape[0], BATCH_SIZE):
        xb, yb = x[start : start + BATCH_SIZE], y[start : start + BATCH_SIZE]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


@torch.no_grad()
def accuracy(model, x, y):
    model.eval()
    return (model(x).argmax(dim=1) == y).float().mean().item()


x_train, y_train = load(True, 5120)
x_test, y_test = load(False, 1000)

net = nn.Sequential(
    nn.Linear(784, 300),
    nn.ReLU(),
    nn.Linear(300, 100),
    nn.ReLU(),
    nn.Linear(100, 10),
)
optimizer = torch.optim.SGD(net.parameters(), lr=LR, momentum=0.9)
criterion = nn.CrossEntropyLoss()

print(f"lr = {LR}")
for epoch in range(1, EPOCHS + 1):
    losses = train_epoch(net, optimizer, criterion, x_train, y_train)
    print(
        f"epoch {epoch}: first batch loss {losses[0]:.4g}, last batch loss {losses[-1]:.4g}, "
        f"mean {sum(losses) / len(losses):.4g}, test acc {accuracy(net, x_test, y_test):.3f}"
    )
