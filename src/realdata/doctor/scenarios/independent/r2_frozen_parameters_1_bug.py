"""expect: frozen-parameters
Bug: param groups are built by name prefix ("conv"/"fc"); `classifier.*` matches neither, so the output layer is never optimised.
Plain run printed: val acc 0.824/0.906/0.934/0.934; final test loss 0.245, test acc 0.924 (classifier weights never change).
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 12, 3, padding=1)
        self.conv2 = nn.Conv2d(12, 24, 3, padding=1)
        self.fc1 = nn.Linear(24 * 7 * 7, 96)
        self.classifier = nn.Linear(96, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(x.flatten(1)))
        return self.classifier(x)


def param_groups(model, conv_lr, fc_lr):
    conv, fc = [], []
    for name, p in model.named_parameters():
        if name.startswith("conv"):
            conv.append(p)
        elif name.startswith("fc"):
            fc.append(p)
    return [{"params": conv, "lr": conv_lr}, {"params": fc, "lr": fc_lr}]


def load_split(train, start, stop):
    root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
    ds = torchvision.datasets.MNIST(root, train=train, download=False)
    x = (ds.data[start:stop].float() / 255.0 - 0.1307) / 0.3081
    return x.unsqueeze(1), ds.targets[start:stop]


@torch.no_grad()
def score(model, x, y):
    model.eval()
    logits = model(x)
    model.train()
    return F.cross_entropy(logits, y).item(), (logits.argmax(1) == y).float().mean().item()


torch.manual_seed(0)
x_tr, y_tr = load_split(True, 0, 3000)
x_val, y_val = load_split(True, 3000, 3500)
x_te, y_te = load_split(False, 0, 1000)

model = Net()
opt = torch.optim.Adam(param_groups(model, conv_lr=1e-3, fc_lr=2e-3))

step = 0
for epoch in range(2):
    perm = torch.randperm(len(x_tr))
    for i in range(0, len(x_tr), 32):
        idx = perm[i:i + 32]
        loss = F.cross_entropy(model(x_tr[idx]), y_tr[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 40 == 0:
            vl, va = score(model, x_val, y_val)
            print(f"epoch {epoch} step {step:3d}  batch loss {loss.item():.3f}  "
                  f"val loss {vl:.3f}  val acc {va:.3f}")

tl, ta = score(model, x_te, y_te)
print(f"final test loss {tl:.4f}  test acc {ta:.4f}")
