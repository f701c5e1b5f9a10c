"""expect: healthy
Fixed: the weights use Kaiming (He) initialisation, std sqrt(2 / fan_in), so the activation scale stays constant through the layers.
Plain run printed: loss 3.09 at step 0 -> 0.24 at step 70, test acc 0.876 / 0.911 (2 epochs).
"""

import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets


def data_root():
    return os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))


def tensors(train, count, seed):
    ds = datasets.MNIST(data_root(), train=train, download=False)
    idx = torch.randperm(len(ds.targets), generator=torch.Generator().manual_seed(seed))[:count]
    x = ds.data[idx].flatten(1).float().div_(255)
    x = (x - 0.1307) / 0.3081
    return TensorDataset(x, ds.targets[idx])


class DeepMLP(nn.Module):
    def __init__(self, width=256, depth=6):
        super().__init__()
        dims = [784] + [width] * depth
        self.blocks = nn.ModuleList([nn.Linear(i, o) for i, o in zip(dims[:-1], dims[1:])])
        self.classifier = nn.Linear(width, 10)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                nn.init.zeros_(m.bias)

    def forward(self, x):
        for block in self.blocks:
            x = F.relu(block(x))
        return self.classifier(x), x


def main():
    torch.manual_seed(5)
    train_loader = DataLoader(tensors(True, 4000, 0), batch_size=100, shuffle=True)
    test_set = tensors(False, 1000, 1)

    model = DeepMLP()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True)
    step = 0
    for epoch in range(2):
        model.train()
        for x, y in train_loader:
            logits, _ = model(x)
            loss = F.cross_entropy(logits, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if step % 10 == 0:
                print(f"epoch {epoch} step {step:3d} loss {loss.item():.4g}")
            step += 1
        model.eval()
        with torch.no_grad():
            logits, _ = model(test_set.tensors[0])
            acc = (logits.argmax(1) == test_set.tensors[1]).float().mean().item()
        print(f"== epoch {epoch}: test accuracy {acc:.3f}")


if __name__ == "__main__":
    main()
