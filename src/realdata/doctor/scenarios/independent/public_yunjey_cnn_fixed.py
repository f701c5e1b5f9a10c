"""expect: healthy
yunjey/pytorch-tutorial 02-intermediate/convolutional_neural_network/main.py (2 conv+BatchNorm layers, Adam 1e-3), MNIST read offline, 1 epoch on 4000 images.
Plain run printed: loss 1.00 (step 10) -> 0.29 (step 40); Test Accuracy of the model on the 1000 test images: 91.4 %.
"""

import os

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as transforms

torch.manual_seed(0)

# Device configuration
device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")

# Hyper parameters
num_epochs = 1
num_classes = 10
batch_size = 100
learning_rate = 0.001
data_root = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")

# MNIST dataset
train_dataset = torchvision.datasets.MNIST(
    root=data_root, train=True, transform=transforms.ToTensor(), download=False
)

test_dataset = torchvision.datasets.MNIST(
    root=data_root, train=False, transform=transforms.ToTensor(), download=False
)

train_dataset = torch.utils.data.Subset(train_dataset, range(4000))
test_dataset = torch.utils.data.Subset(test_dataset, range(1000))

# Data loader
train_loader = torch.utils.data.DataLoader(dataset=train_dataset, batch_size=batch_size, shuffle=True)

test_loader = torch.utils.data.DataLoader(dataset=test_dataset, batch_size=batch_size, shuffle=False)


# Convolutional neural network (two convolutional layers)
class ConvNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.layer1 = nn.Sequential(
            nn.Conv2d(1, 16, kernel_size=5, stride=1, padding=2),
            nn.BatchNorm2d(16),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=2, stride=2),
        )
        self.layer2 = nn.Sequential(
            nn.Conv2d(16, 32, kernel_size=5, stride=1, padding=2),
            nn.BatchNorm2d(32),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=2, stride=2),
        )
        self.fc = nn.Linear(7 * 7 * 32, num_classes)

    def forward(self, x):
        out = self.layer1(x)
        out = self.layer2(out)
        out = out.reshape(out.size(0), -1)
        out = self.fc(out)
        return out


model = ConvNet(num_classes).to(device)

# Loss and optimizer
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)

# Train the model
total_step = len(train_loader)
for epoch in range(num_epochs):
    for i, (images, labels) in enumerate(train_loader):
        images = images.to(device)
        labels = labels.to(device)

        # Forward pass
        outputs = model(images)
        loss = criterion(outputs, labels)

        # Backward and optimize
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        if (i + 1) % 10 == 0:
            print(f"Epoch [{epoch + 1}/{num_epochs}], Step [{i + 1}/{total_step}], Loss: {loss.item():.4f}")

# Test the model
model.eval()  # eval mode (batchnorm uses moving mean/variance instead of mini-batch mean/variance)
with torch.no_grad():
    correct = 0
    total = 0
    for images, labels in test_loader:
        images = images.to(device)
        labels = labels.to(device)
        outputs = model(images)
        _, predicted = torch.max(outputs.data, 1)
        total += labels.size(0)
        correct += (predicted == labels).sum().item()

    print(f"Test Accuracy of the model on the {total} test images: {100 * correct / total} %")
