"""expect: frozen-parameters
The first conv layer is initialised with an oriented-edge filter bank via `requires_grad = False` + `copy_()`, and requires_grad is never switched back on, so conv1.weight never trains.
Plain run printed: batch loss 1.39 -> 0.21, test accuracy 87.3% / 92.4% (2 epochs; conv1.weight unchanged).
"""
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

torch.manual_seed(2024)
root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))


def edge_bank(n_filters, size):
    """Oriented first-derivative-of-Gaussian filters, one per angle."""
    r = torch.arange(size, dtype=torch.float32) - (size - 1) / 2
    yy, xx = torch.meshgrid(r, r, indexing="ij")
    g = torch.exp(-(xx ** 2 + yy ** 2) / (2 * (size / 4) ** 2))
    bank = []
    for k in range(n_filters):
        theta = math.pi * k / n_filters
        f = (math.cos(theta) * xx + math.sin(theta) * yy) * g
        bank.append(f / f.norm())
    return torch.stack(bank).unsqueeze(1)


def init_conv_from_bank(conv):
    bank = edge_bank(conv.out_channels, conv.kernel_size[0])
    conv.weight.requires_grad = False
    conv.weight.copy_(bank)


class EdgeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 5, padding=2)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc1 = nn.Linear(16 * 7 * 7, 64)
        self.fc2 = nn.Linear(64, 10)
        init_conv_from_bank(self.conv1)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        emb = F.relu(self.fc1(x.flatten(1)))
        return self.fc2(emb), emb


tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
full_train = datasets.MNIST(root, train=True, download=False, transform=tf)
full_test = datasets.MNIST(root, train=False, download=False, transform=tf)
train_loader = DataLoader(Subset(full_train, range(3000)), batch_size=50, shuffle=True)
test_loader = DataLoader(Subset(full_test, range(1000)), batch_size=200)

net = EdgeNet()
opt = torch.optim.Adam(net.parameters(), lr=2e-3)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)

for epoch in range(2):
    net.train()
    running = 0.0
    for i, (img, lab) in enumerate(train_loader):
        logits, _ = net(img)
        loss = F.cross_entropy(logits, lab)
        opt.zero_grad()
        loss.backward()
        opt.step()
        running += loss.item()
        if (i + 1) % 20 == 0:
            print(f"  epoch {epoch + 1} batch {i + 1}: loss {running / 20:.3f}")
            running = 0.0
    sched.step()
    net.eval()
    correct = 0
    with torch.no_grad():
        for img, lab in test_loader:
            correct += (net(img)[0].argmax(1) == lab).sum().item()
    print(f"epoch {epoch + 1}: test accuracy {100.0 * correct / len(test_loader.dataset):.2f}%")
