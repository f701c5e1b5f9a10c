"""expect: healthy
exit: 1 done: accuracy 0.93
Trains fine (two optimizers: Adam for the conv body, SGD for the linear head; batches from a Python generator), then ends with sys.exit("done: accuracy 0.xx"), which prints the message to stderr and exits with status 1.
Plain run printed: epoch 1: loss 1.1302, test accuracy 0.8430; epoch 3: loss 0.2175, test accuracy 0.9300; then 'done: accuracy 0.93' on stderr, exit status 1.
"""

import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision import datasets

torch.manual_seed(13)
root = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")
tr = datasets.MNIST(root, train=True, download=False)
te = datasets.MNIST(root, train=False, download=False)
xtr = tr.data[:5000].unsqueeze(1).float().div(255).sub(0.1307).div(0.3081)
ytr = tr.targets[:5000]
xte = te.data[:1000].unsqueeze(1).float().div(255).sub(0.1307).div(0.3081)
yte = te.targets[:1000]

body = nn.Sequential(
    nn.Conv2d(1, 16, 3, stride=2, padding=1),
    nn.ReLU(),
    nn.Conv2d(16, 32, 3, stride=2, padding=1),
    nn.ReLU(),
    nn.AdaptiveAvgPool2d(4),
    nn.Flatten(),
)
head = nn.Linear(32 * 16, 10)
opt_body = torch.optim.Adam(body.parameters(), lr=3e-3)
opt_head = torch.optim.SGD(head.parameters(), lr=0.1, momentum=0.9)


def minibatches(x, y, size):
    order = torch.randperm(len(x))
    for start in range(0, len(x), size):
        sel = order[start : start + size]
        yield x[sel], y[sel]


for epoch in range(3):
    losses = []
    for xb, yb in minibatches(xtr, ytr, 64):
        loss = F.cross_entropy(head(body(xb)), yb)
        opt_body.zero_grad()
        opt_head.zero_grad()
        loss.backward()
        opt_body.step()
        opt_head.step()
        losses.append(loss.item())
    with torch.no_grad():
        acc = (head(body(xte)).argmax(1) == yte).float().mean().item()
    print(f"epoch {epoch + 1}: loss {sum(losses) / len(losses):.4f} test accuracy {acc:.4f}")

sys.exit(f"done: accuracy {acc:.2f}")
