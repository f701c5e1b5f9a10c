"""expect: healthy
Images and labels are split with two torch.utils.data.random_split calls; fixed: both get a
generator seeded with the same SEED, so they permute identically and pairs stay matched.
Plain run printed: train loss 0.567 / 0.191, val acc 0.920 / 0.936, test acc 0.901 / 0.926.
"""
import os

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, Dataset, random_split
from torchvision import datasets

ROOT = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
MEAN, STD = 0.1307, 0.3081
SEED = 11
torch.manual_seed(SEED)


class Zipped(Dataset):
    def __init__(self, images, labels):
        assert len(images) == len(labels)
        self.images, self.labels = images, labels

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        return self.images[i], self.labels[i]


def collate_digits(batch):
    imgs, labels = zip(*batch)
    x = torch.stack(imgs).float().div_(255).sub_(MEAN).div_(STD).flatten(1)
    return x, torch.stack(labels).long()


class ResidualMLP(nn.Module):
    def __init__(self, width=200, depth=2):
        super().__init__()
        self.stem = nn.Linear(784, width)
        self.blocks = nn.ModuleList(
            nn.Sequential(nn.LayerNorm(width), nn.Linear(width, width), nn.GELU()) for _ in range(depth)
        )
        self.head = nn.Linear(width, 10)

    def forward(self, x):
        h = F.gelu(self.stem(x))
        for block in self.blocks:
            h = h + block(h)
        return self.head(h)


def evaluate(model, loader):
    model.eval()
    hits = total = 0
    with torch.no_grad():
        for x, y in loader:
            hits += (model(x).argmax(1) == y).sum().item()
            total += len(y)
    return hits / total


mnist = datasets.MNIST(ROOT, train=True, download=False)
images, labels = mnist.data[:6000], mnist.targets[:6000]
img_train, img_val = random_split(images, [5000, 1000], generator=torch.Generator().manual_seed(SEED))
lab_train, lab_val = random_split(labels, [5000, 1000], generator=torch.Generator().manual_seed(SEED))

test = datasets.MNIST(ROOT, train=False, download=False)
train_dl = DataLoader(Zipped(img_train, lab_train), batch_size=100, shuffle=True, collate_fn=collate_digits)
val_dl = DataLoader(Zipped(img_val, lab_val), batch_size=500, collate_fn=collate_digits)
test_dl = DataLoader(Zipped(test.data[:1000], test.targets[:1000]), batch_size=500, collate_fn=collate_digits)

model = ResidualMLP()
opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)
for epoch in range(1, 3):
    model.train()
    losses = []
    for x, y in train_dl:
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    print(f"[epoch {epoch}] train loss {sum(losses) / len(losses):.4f} | "
          f"val acc {evaluate(model, val_dl):.3f} | test acc {evaluate(model, test_dl):.3f}")
