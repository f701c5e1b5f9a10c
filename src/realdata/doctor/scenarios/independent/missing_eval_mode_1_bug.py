"""expect: missing-eval-mode
CNN with Dropout2d(0.5) and Dropout(0.5); evaluate() only uses torch.no_grad() and never calls model.eval(), so the test set is scored with dropout active.
Plain run printed: train loss 1.425 / 0.633 / 0.472, test loss 0.918 / 0.634 / 0.474, test acc 0.715 / 0.832 / 0.848 (twin: 0.842 / 0.908 / 0.923).
"""

import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets

torch.manual_seed(0)
DATA_ROOT = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))


def as_tensor_dataset(train, count):
    raw = datasets.MNIST(DATA_ROOT, train=train, download=False)
    images = (raw.data[:count].float().unsqueeze(1) / 255.0 - 0.1307) / 0.3081
    return TensorDataset(images, raw.targets[:count])


train_loader = DataLoader(as_tensor_dataset(True, 4000), batch_size=64, shuffle=True)
test_loader = DataLoader(as_tensor_dataset(False, 1000), batch_size=100)

model = nn.Sequential(
    nn.Conv2d(1, 12, 3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Dropout2d(0.5),
    nn.Conv2d(12, 24, 3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Dropout2d(0.5),
    nn.Flatten(),
    nn.Linear(24 * 7 * 7, 128),
    nn.ReLU(),
    nn.Dropout(0.5),
    nn.Linear(128, 10),
)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)


def evaluate(loader):
    loss_sum, correct, count = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in loader:
            logits = model(images)
            loss_sum += criterion(logits, labels).item() * labels.size(0)
            correct += (logits.argmax(1) == labels).sum().item()
            count += labels.size(0)
    return loss_sum / count, correct / count


for epoch in range(3):
    model.train()
    train_loss = 0.0
    for images, labels in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
        train_loss += loss.item()
    test_loss, test_acc = evaluate(test_loader)
    print(
        f"epoch {epoch + 1}  train_loss={train_loss / len(train_loader):.4f}  "
        f"test_loss={test_loss:.4f}  test_acc={test_acc:.4f}"
    )
