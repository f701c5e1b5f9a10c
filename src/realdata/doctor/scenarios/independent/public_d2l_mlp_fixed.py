"""expect: healthy
d2l.ai style (Dive into Deep Learning, "Concise Implementation of Multilayer Perceptrons"): load_data_*_mnist(), Accumulator, evaluate_accuracy, train_epoch_ch3/train_ch3 with reduction='none' loss, normal(0, 0.01) init, SGD lr 0.1. Fashion-MNIST swapped for MNIST read offline; 10000 training images, batch 64, 3 epochs.
Plain run printed: epoch 1: train loss 1.317, train acc 0.648, test acc 0.818; epoch 3: train loss 0.350, train acc 0.902, test acc 0.892.
"""

import os

import torch
import torchvision
from torch import nn
from torch.utils import data
from torchvision import transforms

torch.manual_seed(0)


def get_dataloader_workers():
    """Use 0 processes to read the data (small subset, laptop CPU)."""
    return 0


def load_data_mnist(batch_size, n_train=10000, n_test=1000, resize=None):
    """Load the MNIST dataset from disk and return train/test iterators."""
    trans = [transforms.ToTensor()]
    if resize:
        trans.insert(0, transforms.Resize(resize))
    trans = transforms.Compose(trans)
    root = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")
    mnist_train = torchvision.datasets.MNIST(root=root, train=True, transform=trans, download=False)
    mnist_test = torchvision.datasets.MNIST(root=root, train=False, transform=trans, download=False)
    mnist_train = data.Subset(mnist_train, range(n_train))
    mnist_test = data.Subset(mnist_test, range(n_test))
    return (
        data.DataLoader(mnist_train, batch_size, shuffle=True, num_workers=get_dataloader_workers()),
        data.DataLoader(mnist_test, batch_size, shuffle=False, num_workers=get_dataloader_workers()),
    )


class Accumulator:
    """For accumulating sums over `n` variables."""

    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def reset(self):
        self.data = [0.0] * len(self.data)

    def __getitem__(self, idx):
        return self.data[idx]


def accuracy(y_hat, y):
    """Compute the number of correct predictions."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def evaluate_accuracy(net, data_iter):
    """Compute the accuracy for a model on a dataset."""
    if isinstance(net, torch.nn.Module):
        net.eval()  # Set the model to evaluation mode
    metric = Accumulator(2)  # No. of correct predictions, no. of predictions
    with torch.no_grad():
        for X, y in data_iter:
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def train_epoch_ch3(net, train_iter, loss, updater):
    """The training loop defined in Chapter 3."""
    # Set the model to training mode
    if isinstance(net, torch.nn.Module):
        net.train()
    # Sum of training loss, sum of training accuracy, no. of examples
    metric = Accumulator(3)
    for X, y in train_iter:
        # Compute gradients and update parameters
        y_hat = net(X)
        l = loss(y_hat, y)
        if isinstance(updater, torch.optim.Optimizer):
            # Using PyTorch in-built optimizer & loss criterion
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        else:
            # Using custom built optimizer & loss criterion
            l.sum().backward()
            updater(X.shape[0])
        metric.add(float(l.sum()), accuracy(y_hat, y), y.numel())
    # Return training loss and training accuracy
    return metric[0] / metric[2], metric[1] / metric[2]


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):
    """Train a model (defined in Chapter 3)."""
    for epoch in range(num_epochs):
        train_metrics = train_epoch_ch3(net, train_iter, loss, updater)
        test_acc = evaluate_accuracy(net, test_iter)
        print(
            f"epoch {epoch + 1}, train loss {train_metrics[0]:.3f}, "
            f"train acc {train_metrics[1]:.3f}, test acc {test_acc:.3f}"
        )
    train_loss, train_acc = train_metrics
    assert train_loss < 0.5, train_loss
    assert train_acc <= 1 and train_acc > 0.7, train_acc
    assert test_acc <= 1 and test_acc > 0.7, test_acc


net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)


net.apply(init_weights)

batch_size, lr, num_epochs = 64, 0.1, 3
loss = nn.CrossEntropyLoss(reduction="none")
trainer = torch.optim.SGD(net.parameters(), lr=lr)

train_iter, test_iter = load_data_mnist(batch_size)
train_ch3(net, train_iter, test_iter, loss, num_epochs, trainer)
