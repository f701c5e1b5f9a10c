"""expect: missing-zero-grad
optimizer.zero_grad() is called once per epoch (before the batch loop), so gradients pile up over every step.
Plain run printed: loss 4.31 -> 22.64 -> 44.81, test acc 0.099 / 0.085 / 0.107 (3 epochs).
"""
import os

import torch
import torch.nn as nn
import torchvision

torch.manual_seed(0)
root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
train_set = torchvision.datasets.MNIST(root, train=True, download=False)
test_set = torchvision.datasets.MNIST(root, train=False, download=False)


def as_tensors(ds, n):
    x = ds.data[:n].float().div(255.0).sub(0.1307).div(0.3081).reshape(n, -1)
    return x, ds.targets[:n].clone()


x_train, y_train = as_tensors(train_set, 6000)
x_test, y_test = as_tensors(test_set, 1000)

model = nn.Sequential(
    nn.Linear(784, 128), nn.ReLU(),
    nn.Linear(128, 64), nn.ReLU(),
    nn.Linear(64, 10),
)
optimizer = torch.optim.SGD(model.parameters(), lr=0.03, momentum=0.9)
criterion = nn.CrossEntropyLoss()
batch_size = 64

for epoch in range(3):
    model.train()
    order = torch.randperm(len(x_train))
    seen, running, hits = 0, 0.0, 0
    optimizer.zero_grad()
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        xb, yb = x_train[idx], y_train[idx]
        logits = model(xb)
        loss = criterion(logits, yb)
        loss.backward()
        optimizer.step()
        seen += len(idx)
        running += loss.item() * len(idx)
        hits += (logits.argmax(1) == yb).sum().item()
    model.eval()
    with torch.no_grad():
        test_acc = (model(x_test).argmax(1) == y_test).float().mean().item()
    print(f"epoch {epoch + 1}  loss {running / seen:.4f}  train acc {hits / seen:.3f}  test acc {test_acc:.3f}")
