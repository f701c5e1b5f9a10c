"""expect: healthy
Fixed with regularisation: RandomCrop(28, padding=3) augmentation in the training transform.
Plain run: train acc 98.6%, train loss 0.042; test loss 0.871 -> 0.239, test acc 92.7% at epoch 36.
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset
from torchvision import datasets, transforms

ROOT = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")
N_TRAIN, N_TEST, EPOCHS = 500, 1000, 36

normalize = transforms.Normalize((0.1307,), (0.3081,))
train_tf = transforms.Compose([transforms.RandomCrop(28, padding=3), normalize])
test_tf = transforms.Compose([normalize])


class DigitTensors(Dataset):
    """First `count` images of an MNIST split as float tensors in [0, 1], transformed on access."""

    def __init__(self, train, count, transform):
        mnist = datasets.MNIST(ROOT, train=train, download=False)
        self.images = mnist.data[:count].unsqueeze(1).float() / 255.0
        self.labels = mnist.targets[:count]
        self.transform = transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return self.transform(self.images[i]), self.labels[i]


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3)    # 26x26 -> pool 13x13
        self.conv2 = nn.Conv2d(8, 16, 3)   # 11x11 -> pool 5x5
        self.fc1 = nn.Linear(16 * 5 * 5, 256)
        self.fc2 = nn.Linear(256, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(torch.flatten(x, 1)))
        return self.fc2(x)


def evaluate(model, loader):
    model.eval()
    loss, correct, n = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            out = model(x)
            loss += F.cross_entropy(out, y, reduction="sum").item()
            correct += (out.argmax(1) == y).sum().item()
            n += len(y)
    return loss / n, correct / n


def main():
    torch.manual_seed(17)
    train_loader = DataLoader(DigitTensors(True, N_TRAIN, train_tf), batch_size=25, shuffle=True)
    clean_loader = DataLoader(DigitTensors(True, N_TRAIN, test_tf), batch_size=500)
    test_loader = DataLoader(DigitTensors(False, N_TEST, test_tf), batch_size=500)

    model = Net()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(1, EPOCHS + 1):
        model.train()
        for x, y in train_loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
        if epoch % 4 == 0:
            tr_loss, tr_acc = evaluate(model, clean_loader)
            te_loss, te_acc = evaluate(model, test_loader)
            print(f"Epoch {epoch:2d}/{EPOCHS} | train loss {tr_loss:.4f} acc {tr_acc:.2%} "
                  f"| test loss {te_loss:.4f} acc {te_acc:.2%}")


if __name__ == "__main__":
    main()
