"""expect: healthy
Small CNN on MNIST; the classifier head takes 32*5*5 inputs, matching the conv stack (28->26->13->11->5).
Plain run printed: epoch 1 train loss 0.762 test acc 0.887; epoch 2 train loss 0.185 test acc 0.951.
"""

import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

torch.manual_seed(0)
ROOT = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))

tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_set = Subset(datasets.MNIST(ROOT, train=True, download=False, transform=tf), range(4000))
test_set = Subset(datasets.MNIST(ROOT, train=False, download=False, transform=tf), range(1000))
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=250)

model = nn.Sequential(
    nn.Conv2d(1, 16, 3),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(32 * 5 * 5, 64),
    nn.ReLU(),
    nn.Linear(64, 10),
)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)

for epoch in range(2):
    model.train()
    running, seen = 0.0, 0
    for images, labels in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
        running += loss.item() * images.size(0)
        seen += images.size(0)
    scheduler.step()

    model.eval()
    correct = 0
    with torch.no_grad():
        for images, labels in test_loader:
            correct += (model(images).argmax(dim=1) == labels).sum().item()
    print(f"epoch {epoch + 1}: train loss {running / seen:.4f}  test acc {correct / len(test_set):.3f}")
