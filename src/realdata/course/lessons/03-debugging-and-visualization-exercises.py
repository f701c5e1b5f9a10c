# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 3 exercises: debugging and visualization
#
# Six exercises: the X-ray (torchinfo), a shape bug, taking the pulse (gradient norms),
# the flight recorder (TensorBoard), a learning-rate comparison, and a capstone: a
# broken training script with three bugs, each graded on its own.
#
# * `hint("3.1")` gives a nudge (call again for more); `solution("3.1")` shows one answer.
# * The TensorBoard exercises write into `runs/` in this folder; look at them with
#   `realdata tensorboard runs` in a terminal.
#
# Run the set-up cell first.

# %% tags=["setup"]
import math

import torch
from torch import nn, optim
from torch.utils.tensorboard import SummaryWriter
from torchinfo import summary

from realdata.course import check, hint, solution
from realdata.data.loaders import make_loaders
from realdata.data.mnist import default_root
from realdata.training.loop import train_one_epoch

torch.set_num_threads(1)
torch.manual_seed(0)
data = make_loaders(default_root(), pipeline="fast", seed=0, limit=2000)  # 2,000 MNIST images: fast
small_train_loader = data.train


def make_model():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
broken = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))

# %% [markdown]
# ## Exercise 3.1 (guided): the X-ray
#
# Use `torchinfo.summary` on `model` with a batch of 32 MNIST images. Then fill in
# `total_params` (from the summary) and `hidden_output_shape`: the output shape of the
# **second** Linear layer, as the summary shows it.

# %% tags=["exercise:3.1"]
stats = ...
total_params = ...
hidden_output_shape = ...

# %% tags=["check:3.1"]
check("3.1")

# %% [markdown]
# ## Exercise 3.2 (guided): a shape bug
#
# `broken` fails on MNIST batches. Find the index (in the `nn.Sequential`) of the layer
# whose shapes do not fit, as `bad_layer`, and build `fixed`: the same layers with the
# one number that is wrong put right. Shape errors are plumbing, not design.

# %% tags=["exercise:3.2"]
bad_layer = ...
fixed = ...

# %% tags=["check:3.2"]
check("3.2")

# %% [markdown]
# ## Exercise 3.3 (supported): taking the pulse
#
# Write `gradient_norms(model)`: after `loss.backward()`, a dict from each parameter's
# name to the norm of its gradient, as a float. Parameters without a gradient (frozen
# ones) are left out.

# %% tags=["exercise:3.3"]
def gradient_norms(model):
    raise NotImplementedError("loop over model.named_parameters()")


# %% tags=["check:3.3"]
check("3.3")

# %% [markdown]
# ## Exercise 3.4 (supported): the flight recorder
#
# Write `train_and_log(log_dir, lr, epochs)`: train `make_model()` with
# `optim.SGD(model.parameters(), lr=lr)` on `small_train_loader` (use `train_one_epoch`,
# which returns the epoch's mean loss and accuracy), and log `loss/train` and
# `accuracy/train` once per epoch with a `SummaryWriter(log_dir)`. Then log two runs,
# `runs/ex3.4/lr-0.1` and `runs/ex3.4/lr-0.01`, 3 epochs each.

# %% tags=["exercise:3.4"]
def train_and_log(log_dir, lr, epochs):
    raise NotImplementedError("SummaryWriter(log_dir) and two add_scalar lines per epoch")


# %% tags=["check:3.4"]
check("3.4")

# %% [markdown]
# ## Exercise 3.5 (supported): three learning rates
#
# Log three runs with `train_and_log`, learning rates 10.0, 0.1 and 0.0001, 3 epochs
# each, into `runs/ex3.5/lr-<rate>` (for example `runs/ex3.5/lr-0.1`). Look at the
# curves (the numbers, or `realdata tensorboard runs/ex3.5`), then answer: which rate
# `diverged`, and which `crawled`? The check reads your runs.

# %% tags=["exercise:3.5"]
diverged = ...
crawled = ...

# %% tags=["check:3.5"]
check("3.5")

# %% [markdown]
# ## Exercise 3.6 (independent): the capstone, find the 3 bugs
#
# `train_capstone` trains an MNIST classifier and reports test accuracy. It runs, and
# it is wrong in three places. Use the checklist (torchinfo, the gradient pulse,
# loss and accuracy, diagnosis by symptom), or run the training doctor on it, and fix
# all three bugs in the cell below. Each bug is graded on its own.

# %% tags=["exercise:3.6"]
def train_capstone(train_loader, test_loader, epochs):
    model = nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(128, 10),
        nn.Softmax(dim=1),
    )
    loss_fn = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=1e-3)
    history = []
    for epoch in range(epochs):
        model.train()
        for images, labels in train_loader:
            outputs = model(images)
            loss = loss_fn(outputs, labels)
            loss.backward()
            optimizer.step()
        correct = 0
        with torch.no_grad():
            for images, labels in test_loader:
                correct += (model(images).argmax(dim=1) == labels).sum().item()
        history.append(correct / len(test_loader.dataset))
        print(f"epoch {epoch + 1}: test accuracy {history[-1]:.2%}")
    return model, history


# %%
capstone_model, capstone_history = train_capstone(data.train, data.test, 2)

# %% tags=["check:3.6"]
check("3.6")
