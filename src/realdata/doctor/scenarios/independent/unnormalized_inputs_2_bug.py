"""expect: unnormalized-inputs
A custom Quantize transform works in gray levels (`x * 255`) and never scales back, so the CNN sees pixel values in 0..255.
Plain run printed: train loss 3.443 -> 0.642, test acc 0.876 / 0.927 (2 epochs; loss includes label smoothing).
"""
import os
from collections import OrderedDict

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms


class Quantize:
    """Reduce the image to `levels` gray levels (simulates a cheap scanner)."""

    def __init__(self, levels=16):
        self.step = 255.0 / (levels - 1)

    def __call__(self, img):
        x = img * 255
        x = torch.round(x / self.step) * self.step
        return x


def build_cnn():
    return nn.Sequential(OrderedDict([
        ("conv1", nn.Conv2d(1, 12, 3)), ("act1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),   # 12x13x13
        ("conv2", nn.Conv2d(12, 24, 3)), ("act2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),  # 24x5x5
        ("flat", nn.Flatten()),
        ("fc", nn.Linear(24 * 5 * 5, 10)),
    ]))


def run_epoch(model, loader, loss_fn, optimizer=None):
    training = optimizer is not None
    model.train(training)
    total_loss, correct, seen = 0.0, 0, 0
    with torch.set_grad_enabled(training):
        for images, labels in loader:
            logits = model(images)
            loss = loss_fn(logits, labels)
            if training:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            total_loss += loss.item() * labels.size(0)
            correct += (logits.argmax(1) == labels).sum().item()
            seen += labels.size(0)
    return total_loss / seen, correct / seen


def main():
    torch.manual_seed(99)
    root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
    tf = transforms.Compose([transforms.ToTensor(), Quantize(levels=16)])
    train_set = Subset(datasets.MNIST(root, train=True, download=False, transform=tf), range(20000, 23000))
    test_set = Subset(datasets.MNIST(root, train=False, download=False, transform=tf), range(5000, 6000))
    train_loader = DataLoader(train_set, batch_size=32, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=500)

    model = build_cnn()
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.05)
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-2)
    for epoch in range(2):
        tr_loss, tr_acc = run_epoch(model, train_loader, loss_fn, optimizer)
        te_loss, te_acc = run_epoch(model, test_loader, loss_fn)
        print(f"Epoch {epoch + 1}: train {tr_loss:.3f}/{tr_acc:.3f}  test {te_loss:.3f}/{te_acc:.3f}  (loss/acc)")


if __name__ == "__main__":
    main()
