"""softmax-before-cross-entropy: the fixed twin.

Scenario for `realdata doctor`: healthy twin of `softmax-before-cross-entropy`. Same script with the bug fixed.
"""

import torch
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets

from realdata.data.mnist import default_root

torch.manual_seed(0)
torch.set_num_threads(1)
train_raw = datasets.MNIST(default_root(), train=True, download=False)
test_raw = datasets.MNIST(default_root(), train=False, download=False)

N = 2500
images = train_raw.data[:N].float().div(255).sub(0.1307).div(0.3081)
labels = train_raw.targets[:N]
test_images = test_raw.data[:1000].float().div(255).sub(0.1307).div(0.3081)
test_labels = test_raw.targets[:1000]


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 64)
        self.out = nn.Linear(64, 10)

    def forward(self, x):
        x = x.view(x.size(0), -1)
        x = torch.relu(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.out(x)


net = Net()
criterion = nn.CrossEntropyLoss()
opt = optim.SGD(net.parameters(), lr=0.02, momentum=0.9)
loader = DataLoader(TensorDataset(images, labels), batch_size=32, shuffle=True)

for epoch in range(3):
    running = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        out = net(xb)
        loss = criterion(out, yb)
        loss.backward()
        opt.step()
        running += loss.item()
    with torch.no_grad():
        acc = (net(test_images).argmax(1) == test_labels).float().mean().item()
    print(f"epoch {epoch}: loss {running / len(loader):.4f}  test acc {acc:.3f}")
