"""expect: test-set-leak
The 'training' dataset is built with train=False, so the 3000 training images include the 1000 test images.
Plain run: train acc 87.8 -> 95.6%, test loss 0.103, test acc 89.2 -> 97.0% (test above train) over 3 epochs.
"""

import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

torch.manual_seed(3)
ROOT = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")
TRAIN_SIZE, TEST_SIZE = 3000, 1000

transform = transforms.Compose(
    [
        transforms.ToTensor(),
        transforms.Normalize((0.1307,), (0.3081,)),
    ]
)
train_full = datasets.MNIST(ROOT, train=False, download=False, transform=transform)
test_full = datasets.MNIST(ROOT, train=False, download=False, transform=transform)

# decode the images once; the list of (image, label) pairs is a valid map-style dataset
train_items = [train_full[i] for i in range(TRAIN_SIZE)]
test_items = [test_full[i] for i in range(TEST_SIZE)]
train_loader = DataLoader(train_items, batch_size=50, shuffle=True)
test_loader = DataLoader(test_items, batch_size=200, shuffle=False)


class ConvClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 10, 5),
            nn.MaxPool2d(2),
            nn.ReLU(),  # 12x12
            nn.Conv2d(10, 20, 5),
            nn.MaxPool2d(2),
            nn.ReLU(),  # 4x4
        )
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(320, 50), nn.ReLU(), nn.Linear(50, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


model = ConvClassifier()
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)


def accuracy(loader):
    model.eval()
    hit = tot = 0
    loss = 0.0
    with torch.no_grad():
        for x, y in loader:
            out = model(x)
            loss += loss_fn(out, y).item() * len(y)
            hit += (out.argmax(1) == y).sum().item()
            tot += len(y)
    return loss / tot, hit / tot


for epoch in range(1, 4):
    model.train()
    for x, y in train_loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    tr_loss, tr_acc = accuracy(train_loader)
    te_loss, te_acc = accuracy(test_loader)
    print(
        f"Epoch {epoch}: train loss {tr_loss:.4f}, train acc {tr_acc:.2%} | "
        f"test loss {te_loss:.4f}, test acc {te_acc:.2%}"
    )
