"""expect: healthy
Fixed: nn.CrossEntropyLoss on the logits and the class indices.
Plain run: val loss 0.532 -> 0.157, val acc 0.832 -> 0.949 (3 epochs, printed every 30 steps).
"""

import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets, transforms

torch.manual_seed(2024)
root = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")
normalize = transforms.Normalize((0.1307,), (0.3081,))


def as_tensors(train, count):
    ds = datasets.MNIST(root, train=train, download=False)
    images = normalize(ds.data[:count].unsqueeze(1).float() / 255.0)
    return TensorDataset(images, ds.targets[:count])


train_loader = DataLoader(as_tensors(True, 4000), batch_size=64, shuffle=True)
val_loader = DataLoader(as_tensors(False, 1000), batch_size=500)

model = nn.Sequential(
    nn.Conv2d(1, 16, kernel_size=5, stride=2, padding=2),  # 14x14
    nn.ReLU(),
    nn.Conv2d(16, 32, kernel_size=3, stride=2, padding=1),  # 7x7
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(32 * 7 * 7, 10),
)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)


def compute_loss(scores, labels):
    return criterion(scores, labels)


def validate():
    model.eval()
    loss, right, n = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in val_loader:
            scores = model(images)
            loss += compute_loss(scores, labels).item() * len(labels)
            right += (scores.argmax(1) == labels).sum().item()
            n += len(labels)
    model.train()
    return loss / n, right / n


step = 0
for epoch in range(3):
    model.train()
    for images, labels in train_loader:
        scores = model(images)
        loss = compute_loss(scores, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        step += 1
        if step % 30 == 0:
            val_loss, val_acc = validate()
            print(
                f"epoch {epoch} step {step:4d}  batch loss {loss.item():.4f}  "
                f"val loss {val_loss:.4f}  val acc {val_acc:.3f}"
            )
