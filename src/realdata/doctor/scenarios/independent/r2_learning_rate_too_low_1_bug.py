"""expect: learning-rate-too-low
Bug: the default --lr is 2e-5 for plain SGD (momentum 0.9); the CNN's loss barely leaves 2.30 in 3 epochs.
Plain run printed: train loss 2.296/2.281/2.267, val acc 0.115/0.160/0.212; test loss 2.251, test acc 0.226.
"""
import argparse
import os

import torch
import torch.nn as nn
import torchvision
from torch.utils.data import DataLoader, TensorDataset, random_split


class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 5, padding=2)
        self.conv2 = nn.Conv2d(16, 32, 5, padding=2)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(32 * 7 * 7, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        return self.fc(x.flatten(1))


def tensors(train, n):
    root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
    ds = torchvision.datasets.MNIST(root, train=train, download=False)
    x = ds.data[:n].unsqueeze(1).float().div(255)
    x = (x - 0.1307) / 0.3081
    return TensorDataset(x, ds.targets[:n])


def evaluate(model, loader, criterion):
    model.eval()
    loss_sum, correct, count = 0.0, 0, 0
    with torch.inference_mode():
        for x, y in loader:
            out = model(x)
            loss_sum += criterion(out, y).item() * len(y)
            correct += (out.argmax(1) == y).sum().item()
            count += len(y)
    model.train()
    return loss_sum / count, correct / count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=2e-5)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--n-train", type=int, default=3200)
    args = parser.parse_args()

    torch.manual_seed(0)
    full = tensors(True, args.n_train)
    n_val = args.n_train // 8
    train_set, val_set = random_split(full, [args.n_train - n_val, n_val],
                                      generator=torch.Generator().manual_seed(42))
    test_set = tensors(False, 1000)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True)
    val_loader = DataLoader(val_set, batch_size=256)
    test_loader = DataLoader(test_set, batch_size=256)

    model = SmallCNN()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5,
                                                           patience=1)
    for epoch in range(1, args.epochs + 1):
        running = 0.0
        for step, (x, y) in enumerate(train_loader, 1):
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            running += loss.item()
        val_loss, val_acc = evaluate(model, val_loader, criterion)
        scheduler.step(val_loss)
        print(f"epoch {epoch}: train loss {running / step:.4f}  val loss {val_loss:.4f}  "
              f"val acc {val_acc:.3f}  lr {optimizer.param_groups[0]['lr']:.2e}")
    test_loss, test_acc = evaluate(model, test_loader, criterion)
    print(f"test loss {test_loss:.4f}  test acc {test_acc:.3f}")


if __name__ == "__main__":
    main()
