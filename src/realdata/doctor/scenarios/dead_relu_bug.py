"""dead-relu: the bug.

Scenario for `realdata doctor`: buggy twin of `dead-relu`. Bug: the hidden biases are initialised to -10, so almost every ReLU unit is dead.
"""

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets

from realdata.data.mnist import default_root


class MLP(nn.Module):
    def __init__(self, sizes=(784, 200, 50, 10)):
        super().__init__()
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-2], sizes[1:-1], strict=True))
        self.head = nn.Linear(sizes[-2], sizes[-1])
        for layer in self.hidden:
            nn.init.constant_(layer.bias, -10.0)

    def forward(self, x):
        x = x.flatten(1)
        for layer in self.hidden:
            x = nn.functional.relu(layer(x))
        return self.head(x)


class Trainer:
    def __init__(self, model, train_loader, test_loader, lr):
        self.model, self.train_loader, self.test_loader = model, train_loader, test_loader
        self.optimizer = torch.optim.RMSprop(model.parameters(), lr=lr)
        self.loss_fn = nn.CrossEntropyLoss()

    def train_epoch(self):
        self.model.train()
        for x, y in self.train_loader:
            self.optimizer.zero_grad()
            loss = self.loss_fn(self.model(x), y)
            loss.backward()
            self.optimizer.step()

    @torch.no_grad()
    def accuracy(self):
        self.model.eval()
        hits = sum((self.model(x).argmax(1) == y).sum().item() for x, y in self.test_loader)
        return hits / len(self.test_loader.dataset)

    def fit(self, epochs):
        for epoch in range(epochs):
            self.train_epoch()
            print(f"epoch {epoch + 1}/{epochs}: test accuracy {self.accuracy():.3f}")


if __name__ == "__main__":
    torch.manual_seed(2)
    torch.set_num_threads(1)
    raw = datasets.MNIST(default_root(), train=True, download=False)
    test_raw = datasets.MNIST(default_root(), train=False, download=False)
    x = ((raw.data[:2400].float() / 255) - 0.1307) / 0.3081
    xt = ((test_raw.data[:800].float() / 255) - 0.1307) / 0.3081
    train = DataLoader(TensorDataset(x, raw.targets[:2400]), batch_size=16, shuffle=True)
    test = DataLoader(TensorDataset(xt, test_raw.targets[:800]), batch_size=400)
    Trainer(MLP(), train, test, lr=1e-3).fit(2)
