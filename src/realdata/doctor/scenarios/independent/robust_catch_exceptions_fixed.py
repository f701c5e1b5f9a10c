"""expect: healthy
Defensive script: the whole training loop sits in try/except (KeyboardInterrupt, RuntimeError) with a finally-block evaluation, and inside the loop each batch goes through a checker that raises ValueError for batches it rejects (too small last batch), which the loop catches and skips. Nothing actually fails.
Plain run printed: epoch 1: mean train loss 0.7385, test acc 0.8640; epoch 2: 0.3281, 0.8920; final test accuracy 0.8920 (skipped batches: 2, the 18-sample last batch of each epoch).
"""

import os
import traceback

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

torch.manual_seed(21)
ROOT = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")
tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_ds = Subset(datasets.MNIST(ROOT, train=True, download=False, transform=tf), range(5010))
test_ds = Subset(datasets.MNIST(ROOT, train=False, download=False, transform=tf), range(1000))
train_loader = DataLoader(train_ds, batch_size=64, shuffle=True)
test_loader = DataLoader(test_ds, batch_size=500)

model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)


def check_batch(x, y):
    if x.shape[0] < 32:
        raise ValueError(f"batch of {x.shape[0]} samples is too small, skipping")
    if not torch.isfinite(x).all():
        raise ValueError("non-finite input")
    return x, y


def evaluate():
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in test_loader:
            correct += (model(x).argmax(1) == y).sum().item()
    model.train()
    return correct / len(test_ds)


skipped = 0
try:
    for epoch in range(2):
        model.train()
        losses = []
        for x, y in train_loader:
            try:
                x, y = check_batch(x, y)
            except ValueError as err:
                skipped += 1
                print("  note:", err)
                continue
            loss = loss_fn(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        print(
            f"epoch {epoch + 1}: mean train loss {sum(losses) / len(losses):.4f}, test acc {evaluate():.4f}"
        )
except KeyboardInterrupt:
    print("interrupted by user, evaluating what we have")
except RuntimeError:
    traceback.print_exc()
    print("training stopped by a runtime error")
finally:
    print(f"final test accuracy {evaluate():.4f} (skipped batches: {skipped})")
