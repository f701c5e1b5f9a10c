"""expect: healthy
A sample batch is still pulled to print its shape, but the training loop now iterates over train_loader, so every step gets a new batch.
Plain run printed: loss 2.29 -> 0.16, test loss 0.372 / 0.218, test acc 0.891 / 0.930.
"""

import os

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

EPOCHS = 2
torch.manual_seed(17)
root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_data = Subset(datasets.MNIST(root, train=True, download=False, transform=transform), range(4000))
test_data = Subset(datasets.MNIST(root, train=False, download=False, transform=transform), range(1000))
train_loader = DataLoader(train_data, batch_size=64, shuffle=True)
test_loader = DataLoader(test_data, batch_size=1000)

model = nn.Sequential(
    nn.Conv2d(1, 10, kernel_size=5),
    nn.MaxPool2d(2),
    nn.ReLU(),  # 10 x 12 x 12
    nn.Conv2d(10, 20, kernel_size=5),
    nn.MaxPool2d(2),
    nn.ReLU(),  # 20 x 4 x 4
    nn.Flatten(),
    nn.Linear(320, 50),
    nn.ReLU(),
    nn.Linear(50, 10),
)
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
criterion = nn.CrossEntropyLoss()

images, labels = next(iter(train_loader))
print("batch shapes:", tuple(images.shape), tuple(labels.shape))

for epoch in range(EPOCHS):
    model.train()
    for step, (images, labels) in enumerate(train_loader):
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
        if step % 20 == 0:
            print(f"epoch {epoch} step {step:3d} loss {loss.item():.4f}")

    model.eval()
    with torch.no_grad():
        x_test, y_test = next(iter(test_loader))
        out = model(x_test)
        test_loss = criterion(out, y_test).item()
        test_acc = (out.argmax(1) == y_test).float().mean().item()
    print(f"epoch {epoch}: test loss {test_loss:.4f} test accuracy {test_acc:.3f}")
