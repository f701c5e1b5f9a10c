"""expect: healthy
Karpathy nanoGPT train.py style loop applied to MNIST: global config, get_batch(split) sampling random indices with torch.randint, model.forward(x, targets) returning (logits, loss), configure_optimizers() with decay/no-decay AdamW groups, warmup+cosine get_lr() written into param_groups, estimate_loss() every eval_interval iters, grad clipping, zero_grad(set_to_none=True), while-loop on iter_num. MNIST tensors read offline (10000 train / 1000 val), 300 iterations.
Plain run printed: step 0: train loss 2.3347, val loss 2.3521; step 300: train loss 0.1960, val loss 0.2886; full val pass: val loss 0.2738, val accuracy 0.9160.
"""

import math
import os
import time

import torch
import torch.nn as nn
from torch.nn import functional as F
from torchvision import datasets

# -----------------------------------------------------------------------------
# default config values
eval_interval = 50
log_interval = 25
eval_iters = 10
batch_size = 64
n_embd = 128
n_layer = 2
dropout = 0.0
bias = True
learning_rate = 2e-3
max_iters = 300
weight_decay = 1e-1
beta1 = 0.9
beta2 = 0.99
grad_clip = 1.0
decay_lr = True
warmup_iters = 30
lr_decay_iters = 300
min_lr = 2e-4
device = "cpu"
seed = 1337
# -----------------------------------------------------------------------------

torch.manual_seed(seed)

# poor man's data loader
data_dir = os.environ.get("REALDATA_DATA") or os.path.expanduser("~/.cache/realdata")
_tr = datasets.MNIST(data_dir, train=True, download=False)
_va = datasets.MNIST(data_dir, train=False, download=False)
train_data = (_tr.data[:10000], _tr.targets[:10000])
val_data = (_va.data[:1000], _va.targets[:1000])


def prep(x):
    return ((x.float() / 255.0) - 0.1307) / 0.3081


def get_batch(split):
    data = train_data if split == "train" else val_data
    ix = torch.randint(len(data[0]), (batch_size,))
    x = prep(data[0][ix]).view(batch_size, -1)
    y = data[1][ix]
    return x.to(device), y.to(device)


class MLP(nn.Module):
    def __init__(self, n_embd, bias, dropout):
        super().__init__()
        self.c_fc = nn.Linear(n_embd, 4 * n_embd, bias=bias)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * n_embd, n_embd, bias=bias)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))


class Block(nn.Module):
    def __init__(self, n_embd, bias, dropout):
        super().__init__()
        self.ln = nn.LayerNorm(n_embd, bias=bias)
        self.mlp = MLP(n_embd, bias, dropout)

    def forward(self, x):
        return x + self.mlp(self.ln(x))


class DigitNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.transformer = nn.ModuleDict(
            dict(
                wpe=nn.Linear(784, n_embd, bias=bias),
                h=nn.ModuleList([Block(n_embd, bias, dropout) for _ in range(n_layer)]),
                ln_f=nn.LayerNorm(n_embd, bias=bias),
            )
        )
        self.lm_head = nn.Linear(n_embd, 10, bias=False)
        self.apply(self._init_weights)
        for pn, p in self.named_parameters():
            if pn.endswith("c_proj.weight"):
                torch.nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * n_layer))
        print("number of parameters: %.2fM" % (sum(p.numel() for p in self.parameters()) / 1e6,))

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                torch.nn.init.zeros_(module.bias)

    def forward(self, x, targets=None):
        h = self.transformer.wpe(x)
        for block in self.transformer.h:
            h = block(h)
        h = self.transformer.ln_f(h)
        logits = self.lm_head(h)
        loss = None if targets is None else F.cross_entropy(logits, targets)
        return logits, loss

    def configure_optimizers(self, weight_decay, learning_rate, betas):
        param_dict = {pn: p for pn, p in self.named_parameters() if p.requires_grad}
        decay_params = [p for n, p in param_dict.items() if p.dim() >= 2]
        nodecay_params = [p for n, p in param_dict.items() if p.dim() < 2]
        optim_groups = [
            {"params": decay_params, "weight_decay": weight_decay},
            {"params": nodecay_params, "weight_decay": 0.0},
        ]
        print(
            f"num decayed parameter tensors: {len(decay_params)}, with {sum(p.numel() for p in decay_params):,} parameters"
        )
        print(
            f"num non-decayed parameter tensors: {len(nodecay_params)}, with {sum(p.numel() for p in nodecay_params):,} parameters"
        )
        return torch.optim.AdamW(optim_groups, lr=learning_rate, betas=betas)


model = DigitNet().to(device)
optimizer = model.configure_optimizers(weight_decay, learning_rate, (beta1, beta2))


@torch.no_grad()
def estimate_loss():
    out = {}
    model.eval()
    for split in ["train", "val"]:
        losses = torch.zeros(eval_iters)
        for k in range(eval_iters):
            X, Y = get_batch(split)
            logits, loss = model(X, Y)
            losses[k] = loss.item()
        out[split] = losses.mean()
    model.train()
    return out


def get_lr(it):
    if it < warmup_iters:
        return learning_rate * (it + 1) / (warmup_iters + 1)
    if it > lr_decay_iters:
        return min_lr
    decay_ratio = (it - warmup_iters) / (lr_decay_iters - warmup_iters)
    assert 0 <= decay_ratio <= 1
    coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))
    return min_lr + coeff * (learning_rate - min_lr)


X, Y = get_batch("train")  # fetch the very first batch
t0 = time.time()
iter_num = 0
best_val_loss = 1e9
while True:
    lr = get_lr(iter_num) if decay_lr else learning_rate
    for param_group in optimizer.param_groups:
        param_group["lr"] = lr

    if iter_num % eval_interval == 0:
        losses = estimate_loss()
        print(f"step {iter_num}: train loss {losses['train']:.4f}, val loss {losses['val']:.4f}")
        best_val_loss = min(best_val_loss, losses["val"].item())

    logits, loss = model(X, Y)
    X, Y = get_batch("train")  # prefetch next batch
    loss.backward()
    if grad_clip != 0.0:
        torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)

    t1 = time.time()
    dt = t1 - t0
    t0 = t1
    if iter_num % log_interval == 0:
        print(f"iter {iter_num}: loss {loss.item():.4f}, time {dt * 1000:.2f}ms, lr {lr:.2e}")
    iter_num += 1

    if iter_num > max_iters:
        break

# full pass over the validation split
model.eval()
with torch.no_grad():
    logits, val_loss = model(prep(val_data[0]).view(len(val_data[0]), -1), val_data[1])
    acc = (logits.argmax(-1) == val_data[1]).float().mean().item()
print(f"val loss {val_loss.item():.4f}, val accuracy {acc:.4f}, best estimated val loss {best_val_loss:.4f}")
