"""expect: unnormalized-inputs
The transform uses PILToTensor() followed by a plain `.float()`, which keeps the 0..255 range, then applies Normalize with the 0..1 MNIST statistics, so inputs reach ~0..830.
Plain run printed: mean train nll 27.94 -> 0.767, test acc 0.707 / 0.842 (2 epochs).
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Subset
from torchvision import datasets, transforms

MEAN, STD = (0.1307,), (0.3081,)


class DictNet(nn.Module):
    def __init__(self, hidden=192):
        super().__init__()
        self.layers = nn.ModuleDict({
            "stem": nn.Linear(784, hidden),
            "mid": nn.Linear(hidden, hidden // 2),
            "classifier": nn.Linear(hidden // 2, 10),
        })

    def forward(self, x):
        h = F.gelu(self.layers["stem"](x.flatten(1)))
        h = F.gelu(self.layers["mid"](h))
        logits = self.layers["classifier"](h)
        return {"logits": logits, "log_probs": F.log_softmax(logits, dim=1)}


def fit(model, train_loader, test_loader, epochs=2, lr=0.02):
    opt = torch.optim.Adagrad(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.8)
    for epoch in range(epochs):
        model.train()
        losses = []
        for x, y in train_loader:
            out = model(x)
            loss = F.nll_loss(out["log_probs"], y)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 10.0)
            opt.step()
            losses.append(loss.item())
        sched.step()
        model.eval()
        right = 0
        with torch.no_grad():
            for x, y in test_loader:
                right += (model(x)["logits"].argmax(1) == y).sum().item()
        print(f"epoch {epoch + 1}: lr {sched.get_last_lr()[0]:.4f}  mean train nll {torch.tensor(losses).mean():.4f}  "
              f"test acc {right / len(test_loader.dataset):.3f}")


if __name__ == "__main__":
    torch.manual_seed(8)
    root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
    transform = transforms.Compose([
        transforms.PILToTensor(),
        transforms.Lambda(lambda t: t.float()),
        transforms.Normalize(MEAN, STD),
    ])
    train_set = datasets.MNIST(root, train=True, download=False, transform=transform)
    test_set = datasets.MNIST(root, train=False, download=False, transform=transform)
    g = torch.Generator().manual_seed(0)
    train_idx = torch.randperm(len(train_set), generator=g)[:8000].tolist()
    train_loader = DataLoader(Subset(train_set, train_idx), batch_size=64, shuffle=True)
    test_loader = DataLoader(Subset(test_set, range(1000)), batch_size=250)
    fit(DictNet(), train_loader, test_loader)
