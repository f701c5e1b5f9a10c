"""expect: missing-optimizer-step
Gradient accumulation over 2 micro-batches, but the step condition `step % accum == accum` can never be true, so optimizer.step() never runs.
Plain run printed: val loss 2.3042 and val acc 0.089 at steps 50/100/150 and at the end (2 epochs).
"""
import os

import torch
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

torch.manual_seed(7)
DATA = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
ACCUM = 2
MICRO_BATCH = 32
EVAL_EVERY = 50

tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_ds = Subset(datasets.MNIST(DATA, train=True, download=False, transform=tf), range(10000, 13000))
val_ds = Subset(datasets.MNIST(DATA, train=False, download=False, transform=tf), range(1000))
train_dl = DataLoader(train_ds, batch_size=MICRO_BATCH, shuffle=True)
val_dl = DataLoader(val_ds, batch_size=250)

model = nn.Sequential(
    nn.Conv2d(1, 8, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2),      # 8 x 12 x 12
    nn.Conv2d(8, 16, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2),     # 16 x 4 x 4
    nn.Flatten(),
    nn.Linear(16 * 4 * 4, 64), nn.ReLU(),
    nn.Linear(64, 10),
)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)


def validate():
    model.eval()
    correct = 0
    loss_sum = 0.0
    with torch.no_grad():
        for images, labels in val_dl:
            out = model(images)
            loss_sum += criterion(out, labels).item() * len(labels)
            correct += (out.argmax(1) == labels).sum().item()
    model.train()
    return loss_sum / len(val_ds), correct / len(val_ds)


step = 0
for epoch in range(2):
    model.train()
    for images, labels in train_dl:
        if step % ACCUM == 0:
            optimizer.zero_grad()
        loss = criterion(model(images), labels) / ACCUM
        loss.backward()
        if step % ACCUM == ACCUM:
            optimizer.step()
        step += 1
        if step % EVAL_EVERY == 0:
            val_loss, val_acc = validate()
            print(f"epoch {epoch} step {step:4d}  batch loss {loss.item() * ACCUM:.4f}  "
                  f"val loss {val_loss:.4f}  val acc {val_acc:.3f}")
val_loss, val_acc = validate()
print(f"final: val loss {val_loss:.4f}  val acc {val_acc:.3f}")
