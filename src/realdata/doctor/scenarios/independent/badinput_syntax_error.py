# expect: error
"""A training script with a syntax error (missing colon after the for statement and an
unclosed parenthesis), so Python refuses to compile it."""
import os

import torch
import torch.nn as nn
from torchvision import datasets

root = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")
ds = datasets.MNIST(root, train=True, download=False)
x = ds.data[:2000].float().div(255).flatten(1)
y = ds.targets[:2000]
model = nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.1)

for epoch in range(2)
    for i in range(0, len(x), 64):
        loss = nn.functional.cross_entropy(model(x[i:i + 64]), y[i:i + 64]
        opt.zero_grad()
        loss.backward()
        opt.step()
    print("epoch", epoch, "loss", loss.item())
