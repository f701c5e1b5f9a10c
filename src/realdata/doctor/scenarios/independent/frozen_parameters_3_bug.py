"""expect: frozen-parameters
A model built from raw tensors (no nn.Module); the input weight W_in is created with requires_grad but left out of the optimizer's parameter list, so it never changes.
Plain run printed: train loss 0.751 -> 0.355 -> 0.264, test acc 0.817 / 0.866 / 0.896 (3 epochs; W_in unchanged).
"""
import os

import torch
from torchvision.datasets import MNIST

torch.manual_seed(11)
root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
HIDDEN, N_HIDDEN_LAYERS, LR, EPOCHS, BS = 128, 2, 0.02, 3, 64

train = MNIST(root, train=True, download=False)
test = MNIST(root, train=False, download=False)
pick = torch.randperm(60000)[:10000]
X_tr = (train.data[pick].flatten(1).float() / 255 - 0.1307) / 0.3081
Y_tr = train.targets[pick]
X_te = (test.data[:1000].flatten(1).float() / 255 - 0.1307) / 0.3081
Y_te = test.targets[:1000]


def dense(n_in, n_out):
    w = torch.randn(n_in, n_out) * (2.0 / n_in) ** 0.5
    b = torch.zeros(n_out)
    return w.requires_grad_(), b.requires_grad_()


W_in, b_in = dense(784, HIDDEN)
hidden = [dense(HIDDEN, HIDDEN) for _ in range(N_HIDDEN_LAYERS)]
W_out, b_out = dense(HIDDEN, 10)


def forward(x):
    h = torch.relu(x @ W_in + b_in)
    for w, b in hidden:
        h = torch.relu(h @ w + b)
    return h @ W_out + b_out


def cross_entropy(logits, targets):
    picked = logits.gather(1, targets[:, None]).squeeze(1)
    return (torch.logsumexp(logits, dim=1) - picked).mean()


def batches(x, y, bs):
    perm = torch.randperm(len(x))
    for s in range(0, len(x), bs):
        idx = perm[s:s + bs]
        yield x[idx], y[idx]


params = [b_in, W_out, b_out] + [t for pair in hidden for t in pair]
opt = torch.optim.SGD(params, lr=LR, momentum=0.9)

for epoch in range(EPOCHS):
    losses = []
    for xb, yb in batches(X_tr, Y_tr, BS):
        loss = cross_entropy(forward(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    with torch.no_grad():
        logits = forward(X_te)
        acc = (logits.argmax(1) == Y_te).float().mean().item()
        tl = cross_entropy(logits, Y_te).item()
    print(f"epoch {epoch + 1}: train loss {sum(losses) / len(losses):.4f}  test loss {tl:.4f}  test acc {acc:.4f}")
