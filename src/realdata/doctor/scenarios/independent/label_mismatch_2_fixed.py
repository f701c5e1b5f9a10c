"""expect: healthy
Fixed: labels come from targets[start : start+count], aligned with the images.
Plain run: train loss 0.886 -> 0.191, test loss 0.194, test acc 87.3% -> 92.5% over 2 epochs.
"""

import argparse
import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset
from torchvision import datasets, transforms


def data_root():
    return os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")


class MnistWindow(Dataset):
    """A contiguous window [start, start + count) of an MNIST split."""

    def __init__(self, train, start, count):
        tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
        self.base = datasets.MNIST(data_root(), train=train, download=False, transform=tf)
        self.start = start
        self.count = count
        self.labels = self.base.targets[start : start + count].clone()
        self.cache = {}

    def __len__(self):
        return self.count

    def __getitem__(self, k):
        if k not in self.cache:
            self.cache[k] = self.base[self.start + k][0]
        return self.cache[k], self.labels[k]


class SmallConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(16 * 7 * 7, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = torch.relu(self.fc1(x.flatten(1)))
        return self.fc2(x)


def train_one_epoch(model, loader, criterion, optimizer):
    model.train()
    running, n = 0.0, 0
    for images, labels in loader:
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
        running += loss.item() * labels.size(0)
        n += labels.size(0)
    return running / n


@torch.no_grad()
def evaluate(model, loader, criterion):
    model.eval()
    loss_sum, correct, n = 0.0, 0, 0
    for images, labels in loader:
        out = model(images)
        loss_sum += criterion(out, labels).item() * labels.size(0)
        correct += (out.argmax(dim=1) == labels).sum().item()
        n += labels.size(0)
    return loss_sum / n, correct / n


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--train-size", type=int, default=4000)
    parser.add_argument("--test-size", type=int, default=1000)
    parser.add_argument("--lr", type=float, default=0.02)
    args = parser.parse_args()

    torch.manual_seed(1)
    train_set = MnistWindow(True, 0, args.train_size)
    test_set = MnistWindow(False, 0, args.test_size)
    train_loader = DataLoader(train_set, batch_size=32, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=250)

    model = SmallConvNet()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)

    for epoch in range(1, args.epochs + 1):
        train_loss = train_one_epoch(model, train_loader, criterion, optimizer)
        test_loss, test_acc = evaluate(model, test_loader, criterion)
        print(
            f"[{epoch}/{args.epochs}] train_loss={train_loss:.4f} "
            f"test_loss={test_loss:.4f} test_acc={100 * test_acc:.2f}%"
        )


if __name__ == "__main__":
    main()
