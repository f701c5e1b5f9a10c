"""expect: softmax-before-cross-entropy
The model's forward returns (logits, aux_loss); its "logits" are already softmax-ed, and they go
into nn.CrossEntropyLoss, which applies log-softmax again.
Plain run printed: ce 1.832 / 1.567 / 1.545 (floor ~1.46), test acc 0.847 / 0.869 / 0.876.
"""
import os

import torch
from torch import nn
from torchvision import datasets

ROOT = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))


class SparseCodeNet(nn.Module):
    """MLP with an activity penalty on its hidden code, returned alongside the logits."""

    def __init__(self, hidden=256, n_classes=10, l2_code=1e-4):
        super().__init__()
        self.encode = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, hidden), nn.ReLU())
        self.classify = nn.Linear(hidden, n_classes)
        self.l2_code = l2_code

    def forward(self, x):
        code = self.encode(x)
        aux_loss = self.l2_code * code.pow(2).mean()
        logits = self.classify(code).softmax(dim=-1)
        return logits, aux_loss


def run_epoch(model, opt, sched, criterion, x, y, bs=100):
    model.train()
    perm = torch.randperm(len(x))
    ce_sum, aux_sum, steps = 0.0, 0.0, 0
    for start in range(0, len(x), bs):
        idx = perm[start:start + bs]
        logits, aux = model(x[idx])
        ce = criterion(logits, y[idx])
        loss = ce + aux
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        ce_sum += ce.item()
        aux_sum += aux.item()
        steps += 1
    return ce_sum / steps, aux_sum / steps


def test_accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        logits, _ = model(x)
    return (logits.argmax(-1) == y).float().mean().item()


if __name__ == "__main__":
    torch.manual_seed(2024)
    train = datasets.MNIST(ROOT, train=True, download=False)
    test = datasets.MNIST(ROOT, train=False, download=False)
    norm = lambda t: (t.float() / 255.0 - 0.1307) / 0.3081
    x_train, y_train = norm(train.data[:5000]), train.targets[:5000]
    x_test, y_test = norm(test.data[:1000]), test.targets[:1000]

    model = SparseCodeNet()
    epochs = 3
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs * 50)
    criterion = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        ce, aux = run_epoch(model, opt, sched, criterion, x_train, y_train)
        print(f"epoch {epoch + 1}/{epochs}  ce {ce:.4f}  aux {aux:.5f}  "
              f"lr {sched.get_last_lr()[0]:.4f}  test acc {test_accuracy(model, x_test, y_test):.3f}")
