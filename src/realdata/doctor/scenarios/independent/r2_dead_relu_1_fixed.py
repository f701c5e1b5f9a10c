"""expect: healthy
Fixed: the hidden biases start at 0.0, so the ReLU units are alive.
Plain run printed: train loss 0.610/0.190/0.100, test loss 0.253, test acc 88.6%/90.1%/91.3% (no dead units).
"""
import math
import os

import torch
import torch.nn as nn
import torchvision

HIDDEN = 512
BIAS_INIT = 0.0
LR = 0.05
MOMENTUM = 0.9
EPOCHS = 3
BATCH = 64


class OneHidden(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(784, HIDDEN)
        self.act = nn.ReLU()
        self.out = nn.Linear(HIDDEN, 10)
        with torch.no_grad():
            bound = 1.0 / math.sqrt(784)
            self.hidden.weight.uniform_(-bound, bound)
            self.hidden.bias.fill_(BIAS_INIT)

    def forward(self, x):
        return self.out(self.act(self.hidden(x)))


def cross_entropy(logits, target):
    picked = logits.gather(1, target.unsqueeze(1)).squeeze(1)
    return (torch.logsumexp(logits, dim=1) - picked).mean()


def get(train, count):
    root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
    ds = torchvision.datasets.MNIST(root, train=train, download=False)
    images = ds.data[:count].reshape(count, -1).float().div_(255.0)
    return images.sub_(0.1307).div_(0.3081), ds.targets[:count]


def run():
    torch.manual_seed(0)
    xs, ys = get(True, 4000)
    xt, yt = get(False, 1000)
    net = OneHidden()
    velocity = [torch.zeros_like(p) for p in net.parameters()]
    for epoch in range(EPOCHS):
        order = torch.randperm(xs.shape[0])
        losses = []
        for k in range(0, xs.shape[0], BATCH):
            rows = order[k:k + BATCH]
            loss = cross_entropy(net(xs[rows]), ys[rows])
            for p in net.parameters():
                p.grad = None
            loss.backward()
            with torch.no_grad():
                for p, v in zip(net.parameters(), velocity):
                    v.mul_(MOMENTUM).add_(p.grad)
                    p.sub_(LR * v)
            losses.append(loss.item())
        with torch.no_grad():
            test_logits = net(xt)
            acc = (test_logits.argmax(dim=1) == yt).float().mean().item()
            tloss = cross_entropy(test_logits, yt).item()
        print(f"epoch {epoch + 1}/{EPOCHS}  train loss {sum(losses) / len(losses):.4f}  "
              f"test loss {tloss:.4f}  test accuracy {acc * 100:.2f}%")


if __name__ == "__main__":
    run()
