"""expect: test-set-leak
The held-out indices perm[N_TRAIN-N_HELDOUT:N_TRAIN] are the last 1000 of the 2000 training indices.
Plain run: train acc 0.999, held-out loss 0.024, held-out acc 0.935 -> 0.999 over 8 epochs.
"""

import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.datasets import MNIST

SEED = 5
N_TRAIN = 2000
N_HELDOUT = 1000
EPOCHS = 8
BATCH = 64


def split_indices(total, generator):
    perm = torch.randperm(total, generator=generator)
    train_idx = perm[:N_TRAIN]
    heldout_idx = perm[N_TRAIN - N_HELDOUT : N_TRAIN]
    return train_idx, heldout_idx


def minibatches(x, y, batch, generator):
    order = torch.randperm(len(x), generator=generator)
    for k in range(math.ceil(len(x) / batch)):
        sel = order[k * batch : (k + 1) * batch]
        yield x[sel], y[sel]


def nll(logits, target):
    logp = logits.log_softmax(dim=-1)
    return -logp.gather(1, target.unsqueeze(1)).mean()


class BNNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 8, 3, padding=1)
        self.b1 = nn.BatchNorm2d(8)
        self.c2 = nn.Conv2d(8, 16, 3, padding=1)
        self.b2 = nn.BatchNorm2d(16)
        self.fc = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.b1(self.c1(x))), 2)
        x = F.max_pool2d(F.relu(self.b2(self.c2(x))), 2)
        return self.fc(x.flatten(1))


def main():
    g = torch.Generator().manual_seed(SEED)
    torch.manual_seed(SEED)
    root = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")
    mnist = MNIST(root, train=True, download=False)

    def prep(idx):
        x = mnist.data[idx].float().div(255.0).sub(0.1307).div(0.3081)
        return x.unsqueeze(1), mnist.targets[idx]

    train_idx, heldout_idx = split_indices(len(mnist), g)
    x_tr, y_tr = prep(train_idx)
    x_ho, y_ho = prep(heldout_idx)

    net = BNNet()
    opt = torch.optim.SGD(net.parameters(), lr=0.02, momentum=0.9)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=EPOCHS * math.ceil(N_TRAIN / BATCH))

    for epoch in range(EPOCHS):
        net.train()
        seen, loss_sum, correct = 0, 0.0, 0
        for xb, yb in minibatches(x_tr, y_tr, BATCH, g):
            logits = net(xb)
            loss = nll(logits, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            seen += len(yb)
            loss_sum += loss.item() * len(yb)
            correct += (logits.argmax(-1) == yb).sum().item()
        net.eval()
        with torch.no_grad():
            ho_logits = net(x_ho)
        ho_loss = nll(ho_logits, y_ho).item()
        ho_acc = (ho_logits.argmax(-1) == y_ho).float().mean().item()
        print(
            f"epoch {epoch + 1}/{EPOCHS}  train loss {loss_sum / seen:.4f}  train acc {correct / seen:.4f}  "
            f"held-out loss {ho_loss:.4f}  held-out acc {ho_acc:.4f}"
        )


if __name__ == "__main__":
    main()
