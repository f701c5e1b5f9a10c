# expect: error
"""A training script that cannot run without arguments: argparse requires a positional
`data_dir` and `epochs`, so `python badinput_requires_positional_arg.py` exits with status 2
and a usage message before training anything."""

import argparse

import torch
import torch.nn as nn
from torchvision import datasets, transforms


def main():
    parser = argparse.ArgumentParser(description="Train an MNIST MLP")
    parser.add_argument("data_dir", help="directory that contains MNIST/raw")
    parser.add_argument("epochs", type=int, help="number of epochs")
    parser.add_argument("--lr", type=float, default=1e-3)
    args = parser.parse_args()

    torch.manual_seed(0)
    ds = datasets.MNIST(args.data_dir, train=True, download=False, transform=transforms.ToTensor())
    loader = torch.utils.data.DataLoader(
        torch.utils.data.Subset(ds, range(2000)), batch_size=64, shuffle=True
    )
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    for epoch in range(args.epochs):
        for x, y in loader:
            loss = nn.functional.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        print(f"epoch {epoch + 1}: loss {loss.item():.4f}")


if __name__ == "__main__":
    main()
