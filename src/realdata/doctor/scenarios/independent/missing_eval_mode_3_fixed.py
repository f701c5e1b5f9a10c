"""expect: healthy
Trainer.set_mode() now calls self.model.train(training), which reaches the BatchNorm1d/Dropout submodules, so the test set (batches of 4) is scored in eval mode.
Plain run printed: train loss 0.693 / 0.284 / 0.213, test loss 0.359 / 0.268 / 0.239, test acc 0.894 / 0.913 / 0.917.
"""

import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision import datasets


class Classifier(nn.Module):
    def __init__(self, d_in=784, d_hidden=256, n_out=10, p_drop=0.3):
        super().__init__()
        self.layers = nn.ModuleDict(
            {
                "fc1": nn.Linear(d_in, d_hidden),
                "bn1": nn.BatchNorm1d(d_hidden),
                "drop1": nn.Dropout(p_drop),
                "fc2": nn.Linear(d_hidden, d_hidden),
                "bn2": nn.BatchNorm1d(d_hidden),
                "drop2": nn.Dropout(p_drop),
                "out": nn.Linear(d_hidden, n_out),
            }
        )

    def forward(self, x):
        L = self.layers
        h = L["drop1"](F.relu(L["bn1"](L["fc1"](x))))
        h = L["drop2"](F.relu(L["bn2"](L["fc2"](h))))
        return L["out"](h)


class Trainer:
    def __init__(self, model, lr=1e-3, weight_decay=1e-4):
        self.model = model
        decay = [p for n, p in model.named_parameters() if p.ndim > 1]
        no_decay = [p for n, p in model.named_parameters() if p.ndim <= 1]
        self.opt = torch.optim.AdamW(
            [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
            lr=lr,
        )

    def set_mode(self, training):
        self.model.train(training)

    def train_epoch(self, x, y, batch_size=64):
        self.set_mode(True)
        order = torch.randperm(len(x))
        total = 0.0
        for k in range(0, len(x), batch_size):
            sel = order[k : k + batch_size]
            if len(sel) < 2:
                continue
            loss = F.cross_entropy(self.model(x[sel]), y[sel])
            self.opt.zero_grad(set_to_none=True)
            loss.backward()
            self.opt.step()
            total += loss.item() * len(sel)
        return total / len(x)

    @torch.no_grad()
    def evaluate(self, x, y, batch_size=4):
        self.set_mode(False)
        correct, loss = 0, 0.0
        for k in range(0, len(x), batch_size):
            logits = self.model(x[k : k + batch_size])
            loss += F.cross_entropy(logits, y[k : k + batch_size], reduction="sum").item()
            correct += (logits.argmax(-1) == y[k : k + batch_size]).sum().item()
        return loss / len(x), correct / len(x)


def mnist_tensors(train, n):
    root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
    ds = datasets.MNIST(root, train=train, download=False)
    x = (ds.data[:n].reshape(n, -1).float() / 255.0 - 0.1307) / 0.3081
    return x, ds.targets[:n]


if __name__ == "__main__":
    torch.manual_seed(5)
    x_train, y_train = mnist_tensors(True, 5000)
    x_test, y_test = mnist_tensors(False, 1000)
    trainer = Trainer(Classifier())
    for epoch in range(1, 4):
        tr_loss = trainer.train_epoch(x_train, y_train)
        te_loss, te_acc = trainer.evaluate(x_test, y_test)
        print(f"epoch {epoch}: train loss {tr_loss:.4f} | test loss {te_loss:.4f} | test acc {te_acc:.3f}")
