"""label-mismatch: the fixed twin.

Scenario for `realdata doctor`: healthy twin of `label-mismatch`. Same script with the bug fixed.
"""

import torch
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

from realdata.data.mnist import default_root

torch.manual_seed(4)
torch.set_num_threads(1)
to_tensor = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_set = Subset(
    datasets.MNIST(default_root(), train=True, download=False, transform=to_tensor), range(2000)
)
test_set = Subset(
    datasets.MNIST(default_root(), train=False, download=False, transform=to_tensor), range(500)
)


class Classifier(nn.Module):
    def __init__(self, hidden=128):
        super().__init__()
        self.layers = nn.Sequential(nn.Flatten(), nn.Linear(784, hidden), nn.ReLU(), nn.Linear(hidden, 10))

    def forward(self, x):
        return self.layers(x)


def run_epoch(model, loader, optimizer=None):
    """Trains when given an optimizer, evaluates otherwise."""
    training = optimizer is not None
    model.train(training)
    total, correct, count = 0.0, 0, 0
    with torch.set_grad_enabled(training):
        for x, y in loader:
            logits = model(x)
            loss = nn.functional.cross_entropy(logits, y)
            if training:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            total += loss.item() * len(y)
            correct += (logits.argmax(1) == y).sum().item()
            count += len(y)
    return total / count, correct / count


model = Classifier()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
train_loader = DataLoader(train_set, batch_size=128, shuffle=True)
test_loader = DataLoader(test_set, batch_size=250)
for epoch in range(3):
    train_loss, train_acc = run_epoch(model, train_loader, optimizer)
    test_loss, test_acc = run_epoch(model, test_loader)
    print(f"[{epoch}] train {train_loss:.3f}/{train_acc:.2%} test {test_loss:.3f}/{test_acc:.2%}")
