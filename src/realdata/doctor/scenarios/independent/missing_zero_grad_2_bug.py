"""expect: missing-zero-grad
zero_grad() is called on the loss module (criterion) instead of the optimizer/model, so the CNN's gradients are never cleared.
Plain run printed: train loss 2.337 -> 3.364, test accuracy 0.085 / 0.094 (2 epochs).
"""
import argparse
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms


class SmallCNN(nn.Module):
    def __init__(self, width=8):
        super().__init__()
        self.conv1 = nn.Conv2d(1, width, 3, padding=1)
        self.conv2 = nn.Conv2d(width, 2 * width, 3, padding=1)
        self.fc = nn.Linear(2 * width * 7 * 7, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(torch.flatten(x, 1))


def get_loaders(root, n_train, n_test, batch_size):
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    train = datasets.MNIST(root, train=True, download=False, transform=tf)
    test = datasets.MNIST(root, train=False, download=False, transform=tf)
    pick = torch.randperm(len(train), generator=torch.Generator().manual_seed(1))[:n_train]
    train_loader = DataLoader(Subset(train, pick.tolist()), batch_size=batch_size, shuffle=True)
    test_loader = DataLoader(Subset(test, range(n_test)), batch_size=500)
    return train_loader, test_loader


def evaluate(model, loader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x).argmax(dim=1) == y).sum().item()
            total += y.numel()
    return correct / total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=0.03)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--n-train", type=int, default=3000)
    args = parser.parse_args()

    torch.manual_seed(0)
    root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
    train_loader, test_loader = get_loaders(root, args.n_train, 1000, args.batch_size)

    model = SmallCNN()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, nesterov=True)

    for epoch in range(1, args.epochs + 1):
        model.train()
        total_loss, n = 0.0, 0
        for x, y in train_loader:
            criterion.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            total_loss += loss.item() * y.size(0)
            n += y.size(0)
        print(f"epoch {epoch}: train loss {total_loss / n:.4f}, test accuracy {evaluate(model, test_loader):.4f}")


if __name__ == "__main__":
    main()
