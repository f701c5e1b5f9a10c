"""expect: healthy
Fixed: both optimizers are zeroed every step (the bug script zeroed only the encoder optimizer, so the head's gradients accumulated).
Plain run printed: mean loss 0.663 -> 0.246 -> 0.153, test acc 0.897 / 0.925 / 0.933 (3 epochs).
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

ROOT = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))


def load_split(train, n, seed):
    ds = torchvision.datasets.MNIST(ROOT, train=train, download=False)
    idx = torch.randperm(len(ds.data), generator=torch.Generator().manual_seed(seed))[:n]
    images = ds.data[idx].unsqueeze(1).float() / 255.0
    images = (images - 0.1307) / 0.3081
    return images, ds.targets[idx]


def minibatches(x, y, batch_size, shuffle=True):
    order = torch.randperm(len(x)) if shuffle else torch.arange(len(x))
    for i in range(0, len(x), batch_size):
        j = order[i:i + batch_size]
        yield x[j], y[j]


class Trainer:
    def __init__(self, model, enc_lr=2e-3, head_lr=0.05):
        self.model = model
        self.enc_opt = torch.optim.AdamW(model["encoder"].parameters(), lr=enc_lr, weight_decay=1e-4)
        self.head_opt = torch.optim.SGD(model["head"].parameters(), lr=head_lr, momentum=0.9)

    def forward(self, x):
        return self.model["head"](self.model["encoder"](x))

    def train_step(self, x, y):
        self.enc_opt.zero_grad()
        self.head_opt.zero_grad()
        log_probs = F.log_softmax(self.forward(x), dim=1)
        loss = F.nll_loss(log_probs, y)
        loss.backward()
        self.enc_opt.step()
        self.head_opt.step()
        return loss.item()

    @torch.no_grad()
    def accuracy(self, x, y):
        self.model.eval()
        acc = (self.forward(x).argmax(1) == y).float().mean().item()
        self.model.train()
        return acc

    def fit(self, train, test, epochs, batch_size=100):
        for epoch in range(epochs):
            losses = [self.train_step(xb, yb) for xb, yb in minibatches(*train, batch_size)]
            print(f"[epoch {epoch}] mean loss={sum(losses) / len(losses):.4f} "
                  f"last loss={losses[-1]:.4f} test_acc={self.accuracy(*test):.3f}")


torch.manual_seed(0)
model = nn.ModuleDict({
    "encoder": nn.Sequential(nn.Flatten(), nn.Linear(784, 200), nn.Tanh(), nn.Linear(200, 100), nn.Tanh()),
    "head": nn.Linear(100, 10),
})
trainer = Trainer(model)
trainer.fit(load_split(True, 5000, seed=3), load_split(False, 1000, seed=4), epochs=3)
