# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 1 exercises: Datasets and DataLoaders
#
# Five exercises, from guided to independent. Each has a cell for your code and a
# cell that checks it on the spot, with inputs it makes up itself (sizes, files and
# values you have never seen), so code that only works on the examples will not pass.
#
# * Stuck? `hint("1.1")` gives a nudge; call it again for more (three tiers).
# * `solution("1.1")` shows a reference solution. Try first: the struggle is the learning.
# * Your results are saved in this folder (`.realdata/progress.json`); `realdata progress`
#   shows them.
#
# Run the set-up cell first.

# %% tags=["setup"]
import csv
import math

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset
from torchvision import datasets, transforms

from realdata.course import check, hint, solution
from realdata.data.mnist import default_root

DATA_ROOT = default_root()  # where `realdata data fetch` put MNIST
torch.manual_seed(0)

# %% [markdown]
# ## Exercise 1.1 (guided): a custom Dataset
#
# Write `SquaresDataset(n)`: `n` points with `x` evenly spaced from -1 to 1
# (`torch.linspace`) and target `y = x ** 2`.
#
# * `__len__` returns how many samples there are.
# * `__getitem__(index)` returns one pair `(x, y)`, each a float32 tensor of shape `[1]`,
#   so that a DataLoader stacks them into `[batch, 1]`.


# %% tags=["exercise:1.1"]
class SquaresDataset(Dataset):
    def __init__(self, n):
        # TODO: build all n x values and their y = x ** 2, stored as [n, 1] tensors
        raise NotImplementedError("build self.x and self.y")

    def __len__(self):
        # TODO: how many samples?
        raise NotImplementedError

    def __getitem__(self, index):
        # TODO: return one (x, y) pair
        raise NotImplementedError


# %% tags=["check:1.1"]
check("1.1")

# %% [markdown]
# ## Exercise 1.2 (guided): loading MNIST
#
# Load MNIST from `DATA_ROOT` with torchvision, **without downloading**:
#
# * `transform`: a `transforms.Compose` of `ToTensor()` and `Normalize((0.1307,), (0.3081,))`,
#   applied to each image when it is loaded;
# * `train_set` and `test_set`: `datasets.MNIST(...)` with `train=True` and `train=False`;
# * `train_loader`: batches of 64, shuffled; `test_loader`: in order (any batch size).

# %% tags=["exercise:1.2"]
transform = ...
train_set = ...
test_set = ...
train_loader = ...
test_loader = ...

# %% tags=["check:1.2"]
check("1.2")

# %% [markdown]
# ## Exercise 1.3 (supported): the training loop meets the DataLoader
#
# Write `train_epoch(model, loader, loss_fn, optimizer)`: one pass over `loader`, one
# optimizer step per batch, returning the epoch's **mean loss** as a Python number.
# The heartbeat (forward, loss, backward, update) does not change; only the line that
# feeds the data does.


# %% tags=["exercise:1.3"]
def train_epoch(model, loader, loss_fn, optimizer):
    raise NotImplementedError("loop over the loader")


# %% tags=["check:1.3"]
check("1.3")

# %% [markdown]
# ## Exercise 1.4 (supported): batch size experiments
#
# Three small functions, each checked against a real DataLoader:
#
# * `iterations_per_epoch(n_samples, batch_size)`: how many batches per epoch?
# * `last_batch_size(n_samples, batch_size)`: how many samples in the last batch?
# * `count_updates(dataset, batch_size, epochs)`: build a DataLoader, loop over it for
#   `epochs` epochs, and count the batches (each would be one optimizer update).
#
# Then try a few batch sizes on MNIST's 60,000 training images in the cell after the
# check: what happens to the number of updates per epoch?


# %% tags=["exercise:1.4"]
def iterations_per_epoch(n_samples, batch_size):
    raise NotImplementedError


def last_batch_size(n_samples, batch_size):
    raise NotImplementedError


def count_updates(dataset, batch_size, epochs):
    raise NotImplementedError


# %% tags=["check:1.4"]
check("1.4")

# %%
for batch_size in (16, 64, 256, 1024):
    print(
        f"batch_size {batch_size:>4}: {iterations_per_epoch(60_000, batch_size):>5} updates per epoch, "
        f"last batch of {last_batch_size(60_000, batch_size)}"
    )

# %% [markdown]
# ## Exercise 1.5 (independent): a CSV Dataset
#
# Write `CSVDataset(path)` for a CSV file whose first line is a header, whose last
# column is an integer class label and whose other columns are numeric features.
#
# * `__len__`: the number of data rows (not the header).
# * `__getitem__`: `(features, label)`: a float32 tensor of all feature columns, and the
#   label as a `torch.long` tensor.
# * A malformed row (a missing field, a word where a number should be) raises a
#   `ValueError` that names its **line number** in the file, so its author can fix it.


# %% tags=["exercise:1.5"]
class CSVDataset(Dataset):
    def __init__(self, path):
        raise NotImplementedError("read the CSV file")

    def __len__(self):
        raise NotImplementedError

    def __getitem__(self, index):
        raise NotImplementedError


# %% tags=["check:1.5"]
check("1.5")
