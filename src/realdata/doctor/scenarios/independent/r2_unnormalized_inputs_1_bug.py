"""expect: unnormalized-inputs
LeNet-5 (nn.Sequential blocks inside a class) on a dict-returning MNIST Dataset; the transform turns
PILToTensor's uint8 image into float with a Lambda, so the network sees raw 0..255 pixels.
Plain run printed: first-batch loss 3.78 (vs 2.31 normalised); epoch 1 loss 0.940 test 0.908, epoch 2 loss 0.179 test 0.934.
"""
import argparse
import os

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset
from torchvision import datasets, transforms

ROOT = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))


class DigitRecords(Dataset):
    """Wraps a torchvision dataset so every item is a record {"image", "label"}."""

    def __init__(self, base, indices):
        self.base = base
        self.indices = [int(i) for i in indices]

    def __len__(self):
        return len(self.indices)

    def __getitem__(self, i):
        image, label = self.base[self.indices[i]]
        return {"image": image, "label": label}


class LeNet5(nn.Module):
    def __init__(self, n_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
            nn.Linear(120, 84), nn.ReLU(),
            nn.Linear(84, n_classes),
        )

    def forward(self, x):
        return self.classifier(self.features(x))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train-size", type=int, default=5000)
    ap.add_argument("--test-size", type=int, default=1000)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=3e-3)
    args = ap.parse_args()

    torch.manual_seed(0)
    tf = transforms.Compose([
        transforms.PILToTensor(),
        transforms.Lambda(lambda t: t.float()),
    ])
    train_base = datasets.MNIST(ROOT, train=True, download=False, transform=tf)
    test_base = datasets.MNIST(ROOT, train=False, download=False, transform=tf)
    train_idx = torch.randperm(len(train_base))[: args.train_size]
    test_idx = torch.arange(args.test_size)
    train_dl = DataLoader(DigitRecords(train_base, train_idx), batch_size=args.batch_size, shuffle=True)
    test_dl = DataLoader(DigitRecords(test_base, test_idx), batch_size=500)

    model = LeNet5()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()

    for epoch in range(1, args.epochs + 1):
        model.train()
        seen, total_loss, correct = 0, 0.0, 0
        for step, rec in enumerate(train_dl):
            x, y = rec["image"], rec["label"]
            opt.zero_grad()
            logits = model(x)
            loss = loss_fn(logits, y)
            loss.backward()
            opt.step()
            total_loss += loss.item() * len(y)
            correct += (logits.argmax(1) == y).sum().item()
            seen += len(y)
            if step % 40 == 0:
                print(f"  epoch {epoch} batch {step:3d}: loss {loss.item():.4f}")
        model.eval()
        test_correct = 0
        with torch.no_grad():
            for rec in test_dl:
                test_correct += (model(rec["image"]).argmax(1) == rec["label"]).sum().item()
        print(f"epoch {epoch}: train loss {total_loss / seen:.4f}  train acc {correct / seen:.3f}  "
              f"test acc {test_correct / len(test_idx):.3f}")


if __name__ == "__main__":
    main()
