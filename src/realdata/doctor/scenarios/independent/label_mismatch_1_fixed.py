"""expect: healthy
Fixed: labels are indexed with the same shuffled rows as the images (Y[rows]).
Plain run: train loss 0.677 -> 0.173, train acc 0.947, test loss 0.269, test acc 0.917 after 3 epochs.
"""

import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.datasets import MNIST

torch.manual_seed(0)
root = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")

train = MNIST(root, train=True, download=False)
test = MNIST(root, train=False, download=False)

N_TRAIN, N_TEST, BATCH, EPOCHS = 5000, 1000, 64, 3

X = (train.data[:N_TRAIN].float() / 255.0 - 0.1307) / 0.3081
Y = train.targets[:N_TRAIN]
X_test = (test.data[:N_TEST].float() / 255.0 - 0.1307) / 0.3081
Y_test = test.targets[:N_TEST]

model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),
    nn.ReLU(),
    nn.Linear(128, 10),
)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(EPOCHS):
    model.train()
    order = torch.randperm(N_TRAIN)
    total, correct, seen = 0.0, 0, 0
    for start in range(0, N_TRAIN, BATCH):
        rows = order[start : start + BATCH]
        xb = X[rows]
        yb = Y[rows]
        logits = model(xb)
        loss = F.cross_entropy(logits, yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item() * len(rows)
        correct += (logits.argmax(1) == yb).sum().item()
        seen += len(rows)

    model.eval()
    with torch.no_grad():
        test_logits = model(X_test)
        test_loss = F.cross_entropy(test_logits, Y_test).item()
        test_acc = (test_logits.argmax(1) == Y_test).float().mean().item()
    print(
        f"epoch {epoch + 1}: train loss {total / seen:.4f} train acc {correct / seen:.3f} "
        f"| test loss {test_loss:.4f} test acc {test_acc:.3f}"
    )
