"""expect: healthy
A patch-token MLP cuts images into 7x7 patches with view/permute ("b c (h p) (w q) -> (b h w) (c p q)");
fixed: the patch count is (28 // 7) ** 2 = 16, so tokens re-fold to one row per image.
Plain run printed: epoch 0 loss 0.518 test 0.876, epoch 1 loss 0.199 test 0.921.
"""
import os

import torch
import torch.nn.functional as F
from torch import nn
from torchvision import datasets

ROOT = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))


class PatchTokenNet(nn.Module):
    def __init__(self, img=28, patch=7, dim=32, hidden=128, n_classes=10):
        super().__init__()
        self.patch = patch
        self.grid = img // patch
        self.n_patches = (img // patch) ** 2
        self.dim = dim
        self.embed = nn.Linear(patch * patch, dim)
        self.head = nn.Sequential(
            nn.Linear(self.n_patches * dim, hidden), nn.ReLU(), nn.Linear(hidden, n_classes)
        )

    def forward(self, x):
        b, c, p, g = x.shape[0], x.shape[1], self.patch, self.grid
        # b c (h p) (w q) -> b h w c p q -> (b h w) (c p q)
        tokens = x.view(b, c, g, p, g, p).permute(0, 2, 4, 1, 3, 5).reshape(-1, c * p * p)
        tokens = F.gelu(self.embed(tokens))
        # (b n) d -> b (n d)
        flat = tokens.reshape(-1, self.n_patches * self.dim)
        return self.head(flat)


def batches(x, y, bs, gen):
    order = torch.randperm(len(x), generator=gen)
    for i in range(0, len(x), bs):
        j = order[i:i + bs]
        yield x[j], y[j]


def main():
    torch.manual_seed(5)
    gen = torch.Generator().manual_seed(5)
    tr = datasets.MNIST(ROOT, train=True, download=False)
    te = datasets.MNIST(ROOT, train=False, download=False)
    prep = lambda d: ((d.float() / 255 - 0.1307) / 0.3081).unsqueeze(1)
    x_tr, y_tr = prep(tr.data[:5000]), tr.targets[:5000]
    x_te, y_te = prep(te.data[:1000]), te.targets[:1000]

    model = PatchTokenNet()
    opt = torch.optim.RMSprop(model.parameters(), lr=1e-3)
    for epoch in range(2):
        model.train()
        tot, n = 0.0, 0
        for xb, yb in batches(x_tr, y_tr, 64, gen):
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += loss.item() * len(yb)
            n += len(yb)
        model.eval()
        with torch.no_grad():
            acc = (model(x_te).argmax(-1) == y_te).float().mean()
        print(f"epoch {epoch}: loss={tot / n:.4f} test_acc={acc:.3f}")


if __name__ == "__main__":
    main()
