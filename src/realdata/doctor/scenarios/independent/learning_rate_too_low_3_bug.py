"""expect: learning-rate-too-low
Bug: the step size follows the textbook full-batch rule lr = eta / N (N = 5000 training images) although the loss is already a batch mean, so both SGD optimizers run at 1e-5 and the loss hardly moves.
Plain run printed: val loss 2.2913 (first check) -> 2.2847 (last), val acc 0.122 -> 0.133 (3 epochs).
"""
import os

import torch
from torch import nn
from torchvision import datasets

torch.manual_seed(31)
root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
mnist_train = datasets.MNIST(root, train=True, download=False)
mnist_test = datasets.MNIST(root, train=False, download=False)

MEAN, STD = 0.1307, 0.3081
BATCH = 64
ETA = 0.05


def prepare(images):
    return ((images.float() / 255.0 - MEAN) / STD).view(-1, 784)


pick = torch.randperm(60000)[:5000]
x_train, y_train = prepare(mnist_train.data[pick]), mnist_train.targets[pick]
N = len(x_train)
LR = ETA / N
x_val, y_val = prepare(mnist_test.data[-1000:]), mnist_test.targets[-1000:]


def batch_stream(epoch_seed):
    g = torch.Generator().manual_seed(epoch_seed)
    order = torch.randperm(len(x_train), generator=g)
    for i in range(0, len(order), BATCH):
        rows = order[i:i + BATCH]
        yield x_train[rows], y_train[rows]


encoder = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU())
head = nn.Sequential(nn.Linear(128, 10), nn.LogSoftmax(dim=1))
opt_encoder = torch.optim.SGD(encoder.parameters(), lr=LR, momentum=0.9)
opt_head = torch.optim.SGD(head.parameters(), lr=LR, momentum=0.9)
nll = nn.NLLLoss()


def validate():
    encoder.eval()
    head.eval()
    with torch.no_grad():
        logp = head(encoder(x_val))
        result = nll(logp, y_val).item(), (logp.argmax(1) == y_val).float().mean().item()
    encoder.train()
    head.train()
    return result


for epoch in range(3):
    for step, (xb, yb) in enumerate(batch_stream(epoch)):
        loss = nll(head(encoder(xb)), yb)
        opt_encoder.zero_grad()
        opt_head.zero_grad()
        loss.backward()
        opt_encoder.step()
        opt_head.step()
        if step % 26 == 25:
            val_loss, val_acc = validate()
            print(f"epoch {epoch} step {step + 1:2d}: train loss {loss.item():.4f} "
                  f"val loss {val_loss:.4f} val acc {val_acc:.3f}")
