"""expect: healthy
A BatchNorm + Dropout CNN is evaluated (mid-epoch and at the end) by a @torch.no_grad() function;
fixed: it calls model.eval(), which reaches the BatchNorm/Dropout submodules.
Plain run printed: test acc (mid, end) epoch 1 0.850 / 0.884, epoch 2 0.931 / 0.934.
"""
import os

import torch
import torch.nn.functional as F
from torch import nn
from torchvision import datasets

ROOT = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
torch.manual_seed(42)


class BNDropNet(nn.Module):
    def __init__(self, p_drop=0.5):
        super().__init__()
        self.block1 = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
                                    nn.MaxPool2d(2))
        self.block2 = nn.Sequential(nn.Conv2d(8, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
                                    nn.MaxPool2d(2))
        self.drop = nn.Dropout(p_drop)
        self.fc = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        h = self.block2(self.block1(x)).flatten(1)
        return {"logits": self.fc(self.drop(h)), "features": h}


def minibatches(x, y, size, shuffle):
    idx = torch.randperm(len(x)) if shuffle else torch.arange(len(x))
    for k in range(0, len(x), size):
        sel = idx[k:k + size]
        yield x[sel], y[sel]


@torch.no_grad()
def evaluate(model, x, y, size=25):
    model.eval()
    correct = 0
    for xb, yb in minibatches(x, y, size, shuffle=False):
        correct += (model(xb)["logits"].argmax(1) == yb).sum().item()
    return correct / len(x)


def split(train, n):
    ds = datasets.MNIST(ROOT, train=train, download=False)
    return ((ds.data[:n].float() / 255 - 0.1307) / 0.3081).unsqueeze(1), ds.targets[:n]


x_train, y_train = split(True, 4000)
x_test, y_test = split(False, 1000)
model = BNDropNet()
decay, no_decay = [], []
for name, prm in model.named_parameters():
    (no_decay if prm.ndim == 1 else decay).append(prm)
opt = torch.optim.SGD([{"params": decay, "weight_decay": 5e-4}, {"params": no_decay, "weight_decay": 0.0}],
                      lr=0.02, momentum=0.9)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)

for epoch in range(1, 3):
    for step, (xb, yb) in enumerate(minibatches(x_train, y_train, 50, shuffle=True), start=1):
        model.train()
        loss = F.cross_entropy(model(xb)["logits"], yb)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=5.0)
        opt.step()
        if step == 40:
            print(f"epoch {epoch} step {step}: loss {loss.item():.4f}  "
                  f"mid-epoch test acc {evaluate(model, x_test, y_test):.3f}")
    sched.step()
    print(f"epoch {epoch} done: last loss {loss.item():.4f}  test acc {evaluate(model, x_test, y_test):.3f}")
