"""expect: healthy
yunjey/pytorch-tutorial 01-basics/feedforward_neural_network/main.py (784-500-10 MLP, Adam 1e-3), MNIST read offline, 2 epochs on a 6000-image subset.
Plain run printed: loss 1.46 (step 10) -> 0.27 (epoch 2 step 60); Accuracy of the network on the 1000 test images: 89.3 %.
"""

import os

import torch
import torch.nn as nn
import torchvision
import torchvision.transforms as transforms

torch.manual_seed(0)

# Device configuration
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

# Hyper-parameters
input_size = 784
hidden_size = 500
num_classes = 10
num_epochs = 2
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

train_dataset = torch.utils.data.Subset(train_dataset, range(6000))
test_dataset = torch.utils.data.Subset(test_dataset, range(1000))

# Data loader
train_loader = torch.utils.data.DataLoader(dataset=train_dataset, batch_size=batch_size, shuffle=True)

test_loader = torch.utils.data.DataLoader(dataset=test_dataset, batch_size=batch_size, shuffle=False)


# Fully connected neural network with one hidden layer
class NeuralNet(nn.Module):
    def __init__(self, input_size, hidden_size, num_classes):
        super().__init__()
        self.fc1 = nn.Linear(input_size, hidden_size)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        out = self.fc1(x)
        out = self.relu(out)
        out = self.fc2(out)
        return out


model = NeuralNet(input_size, hidden_size, num_classes).to(device)

# Loss and optimizer
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)

# Train the model
total_step = len(train_loader)
for epoch in range(num_epochs):
    for i, (images, labels) in enumerate(train_loader):
        # Move tensors to the configured device
        images = images.reshape(-1, 28 * 28).to(device)
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
# In test phase, we don't need to compute gradients (for memory efficiency)
with torch.no_grad():
    correct = 0
    total = 0
    for images, labels in test_loader:
        images = images.reshape(-1, 28 * 28).to(device)
        labels = labels.to(device)
        outputs = model(images)
        _, predicted = torch.max(outputs.data, 1)
        total += labels.size(0)
        correct += (predicted == labels).sum().item()

    print(f"Accuracy of the network on the {total} test images: {100 * correct / total} %")
