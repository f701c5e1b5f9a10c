"""expect: healthy
Per-sample SGD: every step feeds ONE unbatched image (shape (784,)) and a 0-d target tensor (torch.tensor(3)-style) to F.cross_entropy, so logits are 1-d (10,) and the target has shape ().
Plain run printed: avg loss per 1000 samples 0.922 -> 0.281, running acc 0.723 -> 0.912; test accuracy 0.9000 (900/1000).
"""

import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision import datasets

torch.manual_seed(3)
root = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")
train_set = datasets.MNIST(root, train=True, download=False)
test_set = datasets.MNIST(root, train=False, download=False)

N_TRAIN, N_TEST = 7000, 1000
images = train_set.data[:N_TRAIN].float().div(255.0).sub(0.1307).div(0.3081).flatten(1)
labels = [int(v) for v in train_set.targets[:N_TRAIN]]  # plain Python ints
test_x = test_set.data[:N_TEST].float().div(255.0).sub(0.1307).div(0.3081).flatten(1)
test_y = test_set.targets[:N_TEST]

net = nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))
opt = torch.optim.SGD(net.parameters(), lr=0.005)

for epoch in range(1):
    net.train()
    running, hits = 0.0, 0
    order = torch.randperm(N_TRAIN).tolist()
    for step, i in enumerate(order, 1):
        x = images[i]  # shape (784,)  -- no batch dimension
        target = torch.tensor(labels[i])  # 0-d tensor, e.g. tensor(3)
        logits = net(x)  # shape (10,)
        loss = F.cross_entropy(logits, target)
        opt.zero_grad()
        loss.backward()
        opt.step()
        running += loss.item()
        hits += int(logits.argmax().item() == labels[i])
        if step % 1000 == 0:
            print(
                f"epoch {epoch} sample {step}/{N_TRAIN}  avg loss {running / 1000:.4f}  "
                f"running acc {hits / 1000:.3f}"
            )
            running, hits = 0.0, 0

net.eval()
with torch.no_grad():
    correct = 0
    for x, y in zip(test_x, test_y):  # evaluated one sample at a time as well
        correct += int(net(x).argmax() == y)
print(f"test accuracy {correct / N_TEST:.4f} ({correct}/{N_TEST})")
