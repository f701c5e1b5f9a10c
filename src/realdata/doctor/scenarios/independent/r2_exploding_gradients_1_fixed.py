"""expect: healthy
Fixed: the warm-up scale is divided by the warm-up length, so the lr ramps up to base (0.05).
Plain run printed: test loss 0.514/0.353/0.289, test acc 84.6%/89.7%/90.5% over 3 epochs.
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


class Callback:
    def on_train_begin(self, trainer): pass
    def on_step_begin(self, trainer): pass
    def on_step_end(self, trainer, loss): pass
    def on_epoch_end(self, trainer): pass


class LinearWarmup(Callback):
    def __init__(self, warmup_steps):
        self.warmup_steps = warmup_steps

    def on_train_begin(self, trainer):
        self.base_lrs = [g["lr"] for g in trainer.optimizer.param_groups]

    def on_step_begin(self, trainer):
        scale = min(self.warmup_steps, trainer.global_step + 1) / self.warmup_steps
        for g, base in zip(trainer.optimizer.param_groups, self.base_lrs):
            g["lr"] = base * scale


class PrintLoss(Callback):
    def __init__(self, every):
        self.every = every
        self.running = []

    def on_step_end(self, trainer, loss):
        self.running.append(loss)
        if trainer.global_step % self.every == 0:
            avg = sum(self.running) / len(self.running)
            print(f"  step {trainer.global_step:4d}  loss {avg:.4f}  "
                  f"lr {trainer.optimizer.param_groups[0]['lr']:.3f}")
            self.running = []


class Evaluate(Callback):
    def __init__(self, x, y):
        self.x, self.y = x, y

    def on_epoch_end(self, trainer):
        trainer.model.eval()
        with torch.no_grad():
            logits = trainer.model(self.x)
            loss = F.cross_entropy(logits, self.y).item()
            acc = (logits.argmax(1) == self.y).float().mean().item()
        trainer.model.train()
        print(f"epoch {trainer.epoch + 1}: test loss {loss:.4f}  test acc {acc:.2%}")


class Trainer:
    def __init__(self, model, optimizer, callbacks):
        self.model, self.optimizer, self.callbacks = model, optimizer, callbacks
        self.global_step = 0
        self.epoch = 0

    def _fire(self, name, *args):
        for cb in self.callbacks:
            getattr(cb, name)(self, *args)

    def fit(self, x, y, epochs, batch_size):
        self._fire("on_train_begin")
        g = torch.Generator().manual_seed(1)
        for self.epoch in range(epochs):
            perm = torch.randperm(len(x), generator=g)
            for start in range(0, len(x), batch_size):
                idx = perm[start:start + batch_size]
                self._fire("on_step_begin")
                self.optimizer.zero_grad()
                loss = F.cross_entropy(self.model(x[idx]), y[idx])
                loss.backward()
                self.optimizer.step()
                self.global_step += 1
                self._fire("on_step_end", loss.item())
            self._fire("on_epoch_end")


def load(train, n):
    root = os.environ.get("REALDATA_DATA", os.path.expanduser("~/.cache/realdata"))
    ds = torchvision.datasets.MNIST(root, train=train, download=False)
    x = ds.data[:n].float().div(255).sub(0.1307).div(0.3081).flatten(1)
    return x, ds.targets[:n]


if __name__ == "__main__":
    torch.manual_seed(0)
    x_train, y_train = load(True, 4000)
    x_test, y_test = load(False, 1000)
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                          nn.Linear(128, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    trainer = Trainer(model, opt, [LinearWarmup(50), PrintLoss(25), Evaluate(x_test, y_test)])
    trainer.fit(x_train, y_train, epochs=3, batch_size=64)
