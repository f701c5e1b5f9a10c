"""expect: healthy
Fixed: training uses the 5000 train-split images only.
Plain run: train acc 0.990, test loss 0.387 -> 0.245, test acc 0.872 -> 0.919 over 4 epochs.
"""

import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets


def mnist_tensors(train, count):
    root = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")
    ds = datasets.MNIST(root, train=train, download=False)
    x = ds.data[:count].flatten(1).float() / 255.0
    x = (x - 0.1307) / 0.3081
    return TensorDataset(x, ds.targets[:count])


def build_model():
    return nn.Sequential(
        nn.Linear(784, 300),
        nn.ReLU(),
        nn.Linear(300, 100),
        nn.ReLU(),
        nn.Linear(100, 10),
    )


def make_optimizer(model):
    decay = [p for n, p in model.named_parameters() if n.endswith("weight")]
    no_decay = [p for n, p in model.named_parameters() if n.endswith("bias")]
    return torch.optim.SGD(
        [{"params": decay, "weight_decay": 5e-4}, {"params": no_decay, "weight_decay": 0.0}],
        lr=0.03,
        momentum=0.9,
        nesterov=True,
    )


def train_epoch(model, loader, opt):
    model.train()
    tot, n = 0.0, 0
    for x, y in loader:
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        tot += loss.item() * len(y)
        n += len(y)
    return tot / n


def evaluate(model, dataset):
    model.eval()
    x, y = dataset.tensors
    with torch.no_grad():
        out = model(x)
    return F.cross_entropy(out, y).item(), (out.argmax(1) == y).float().mean().item()


def run():
    torch.manual_seed(11)
    train_data = mnist_tensors(True, 5000)
    test_data = mnist_tensors(False, 1000)
    fit_data = train_data
    loader = DataLoader(fit_data, batch_size=64, shuffle=True)

    model = build_model()
    opt = make_optimizer(model)
    print(f"training on {len(fit_data)} images, testing on {len(test_data)}")
    for epoch in range(4):
        loss = train_epoch(model, loader, opt)
        tr_loss, tr_acc = evaluate(model, train_data)
        te_loss, te_acc = evaluate(model, test_data)
        print(
            f"epoch {epoch + 1}: loss={loss:.4f} train_acc={tr_acc:.4f} "
            f"test_loss={te_loss:.4f} test_acc={te_acc:.4f}"
        )


run()
