"""test-set-leak: the fixed twin.

Scenario for `realdata doctor`: healthy twin of `test-set-leak`. Same script with the bug fixed.
"""

import torch
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets

from realdata.data.mnist import default_root

torch.manual_seed(0)
torch.set_num_threads(1)
train_raw = datasets.MNIST(default_root(), train=True, download=False)
test_raw = datasets.MNIST(default_root(), train=False, download=False)


def tensors(raw, n):
    x = raw.data[:n].float().div(255).sub(0.1307).div(0.3081).unsqueeze(1)  # [n, 1, 28, 28]
    return x, raw.targets[:n]


def train_epoch(model, loader, loss_fn, optimizer):
    model.train()
    total = 0.0
    for images, labels in loader:
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / len(loader)


def evaluate(model, loader, loss_fn):
    model.eval()
    correct, total_loss = 0, 0.0
    with torch.no_grad():
        for images, labels in loader:
            outputs = model(images)
            total_loss += loss_fn(outputs, labels).item()
            correct += (outputs.argmax(dim=1) == labels).sum().item()
    return total_loss / len(loader), correct / len(loader.dataset)


def main():
    x, y = tensors(train_raw, 3000)
    xt, yt = tensors(test_raw, 1000)
    train_loader = DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True)
    test_loader = DataLoader(TensorDataset(xt, yt), batch_size=500)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=2e-3)
    for epoch in range(2):
        train_loss = train_epoch(model, train_loader, loss_fn, optimizer)
        test_loss, test_acc = evaluate(model, test_loader, loss_fn)
        print(
            f"epoch {epoch + 1}: train loss {train_loss:.4f}, test loss {test_loss:.4f}, test accuracy {test_acc:.2%}"
        )


if __name__ == "__main__":
    main()
