"""expect: healthy
Fixed: the training loss now uses out["logits"]; "probs" is only used for the argmax in evaluation.
Plain run printed: step losses 0.33 -> 0.17, val acc 0.841 -> 0.950, final test acc 0.950.
"""

import argparse
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms


class DigitCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 5, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(2),  # 8 x 14 x 14
            nn.Conv2d(8, 16, 5, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(2),  # 16 x 7 x 7
        )
        self.classifier = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        z = self.classifier(self.features(x).flatten(1))
        return {"logits": z, "probs": F.softmax(z, dim=-1)}


def evaluate(model, loader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x)["probs"].argmax(-1) == y).sum().item()
            total += y.numel()
    model.train()
    return correct / total


def main():
    ap = argparse.ArgumentParser(description="MNIST CNN")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--val-every", type=int, default=40)
    args = ap.parse_args()

    torch.manual_seed(7)
    root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    train = Subset(datasets.MNIST(root, train=True, download=False, transform=tf), range(10000, 14000))
    test = Subset(datasets.MNIST(root, train=False, download=False, transform=tf), range(1000))
    train_loader = DataLoader(train, batch_size=50, shuffle=True)
    test_loader = DataLoader(test, batch_size=500)

    model = DigitCNN()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    step = 0
    for epoch in range(args.epochs):
        model.train()
        for x, y in train_loader:
            out = model(x)
            loss = F.cross_entropy(out["logits"], y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            if step % args.val_every == 0:
                print(
                    f"epoch {epoch} step {step:4d}  loss {loss.item():.4f}  val acc {evaluate(model, test_loader):.3f}"
                )
    print(f"final test accuracy: {evaluate(model, test_loader):.3f}")


if __name__ == "__main__":
    main()
