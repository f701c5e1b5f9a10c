"""expect: healthy
No nn.Module at all: a 784-128-10 MLP whose weights are plain tensors created with requires_grad=True (Kaiming-style scaling), a hand-written log-softmax + NLL loss, and torch.optim.SGD(momentum=0.9) over the list of tensors.
Plain run printed: epoch 0: loss 0.6483, test accuracy 0.8680; epoch 2: loss 0.1739, test accuracy 0.9090.
"""

import math
import os

import torch
from torchvision import datasets

g = torch.Generator().manual_seed(1234)
root = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")
tr = datasets.MNIST(root, train=True, download=False)
te = datasets.MNIST(root, train=False, download=False)
X = tr.data[:6000].reshape(-1, 784).float() / 255.0
Y = tr.targets[:6000]
Xt = te.data[:1000].reshape(-1, 784).float() / 255.0
Yt = te.targets[:1000]
mu, sd = X.mean(), X.std()
X, Xt = (X - mu) / sd, (Xt - mu) / sd

W1 = (torch.randn(784, 128, generator=g) * math.sqrt(2.0 / 784)).requires_grad_()
b1 = torch.zeros(128, requires_grad=True)
W2 = (torch.randn(128, 10, generator=g) * math.sqrt(1.0 / 128)).requires_grad_()
b2 = torch.zeros(10, requires_grad=True)
params = [W1, b1, W2, b2]


def forward(x):
    h = torch.clamp(x @ W1 + b1, min=0)
    return h @ W2 + b2


def nll_of_logits(z, y):
    logp = z - z.logsumexp(dim=1, keepdim=True)
    return -logp[torch.arange(len(y)), y].mean()


opt = torch.optim.SGD(params, lr=0.02, momentum=0.9)
bs = 100
for epoch in range(3):
    order = torch.randperm(len(X), generator=g)
    acc_loss = 0.0
    for i in range(0, len(X), bs):
        idx = order[i : i + bs]
        loss = nll_of_logits(forward(X[idx]), Y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        acc_loss += loss.item()
    with torch.no_grad():
        test_acc = (forward(Xt).argmax(1) == Yt).float().mean().item()
    print(f"epoch {epoch}  loss {acc_loss / (len(X) // bs):.4f}  test accuracy {test_acc:.4f}")
