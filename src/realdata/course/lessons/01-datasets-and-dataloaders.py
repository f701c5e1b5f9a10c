# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 1: Datasets and DataLoaders
#
# Until now your data has been a couple of tensors you made yourself: `x` and `y`,
# a hundred points on a line, small enough to hand to the model in one go. Real data
# is different. MNIST, the dataset this module is built around, is 70,000 photos of
# handwritten digits in files on disk. You will want them in batches, in a fresh
# random order every epoch, converted to tensors and normalised on the way.
#
# PyTorch splits that job in two, and by the end of this lesson you will have used
# both halves on real data:
#
# * a **Dataset** knows what samples exist and how to fetch *one* of them;
# * a **DataLoader** takes a Dataset and serves it in batches, shuffled, epoch after epoch.
#
# The training loop you already know, the heartbeat of forward, loss, backward and
# update, does not change at all. Only the line that feeds it data does.
#
# Everything on this page runs offline: MNIST was put on your disk by `realdata data fetch`.

# %%
import math
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset
from torchvision import datasets, transforms

from realdata.course import answer, reveal
from realdata.data.mnist import default_root

DATA_ROOT = default_root()  # where `realdata data fetch` put MNIST
torch.manual_seed(0)

# %% [markdown]
# ## 1. A Dataset, in code first
#
# Here is the line you have fitted before, y = 2x + 1 with a little noise, as a
# Dataset. A Dataset is any class with two methods:
#
# * `__len__` returns how many samples there are;
# * `__getitem__(index)` returns **one** sample, as an `(input, target)` pair.


# %%
class SimpleDataset(Dataset):
    def __init__(self, n=100, noise=0.1, seed=0):
        g = torch.Generator().manual_seed(seed)
        self.x = torch.rand(n, 1, generator=g) * 2 - 1  # [n, 1], uniform in [-1, 1]
        self.y = 2 * self.x + 1 + noise * torch.randn(n, 1, generator=g)  # [n, 1]

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]  # one sample: [1], [1]


dataset = SimpleDataset(100)
x0, y0 = dataset[0]
print("samples:", len(dataset))
print("dataset[0]:", x0, y0, "shapes", list(x0.shape), list(y0.shape))

# %% [markdown]
# That is the whole contract. The Dataset does not batch, shuffle or loop; it just
# answers two questions: *how many?* and *give me number i*.
#
# Think of it as a **menu**: it lists what is available and says how to prepare any one
# item. It does not decide what you eat first or how many plates come at once.
# (realdata ships this same class as `realdata.data.teaching.SimpleDataset`.)
#
# ## 2. The DataLoader: the kitchen
#
# The **kitchen** takes orders from the menu and sends out plates: a `DataLoader`
# wraps a Dataset and serves batches. You tell it how big a batch is, and whether to
# shuffle:
#
# ```python
# loader = DataLoader(dataset, batch_size=8, shuffle=True)
# for x_batch, y_batch in loader:
#     ...
# ```
#
# Each batch is made by asking the Dataset for 8 samples and stacking them, which
# puts a new batch dimension in front: eight `[1]` samples become one `[8, 1]` tensor.
#
# ### Check 1: predict, then verify
#
# Before running the loop below, predict:
#
# * **a.** 100 samples, `batch_size=8`: how many iterations per epoch?
# * **b.** how many samples are in the last batch?
# * **c.** with `shuffle=True`, does epoch 2 start with the same batch as epoch 1?
# * **d.** each sample's `x` has shape `[1]`; what is the shape of `x` in a batch?
#
# Record each guess with `answer("1.check1.a", your_guess)` (and `.b`, `.c`, `.d`):
# you get the verdict and the reasoning. `reveal("1.check1.a")` shows an answer
# without guessing. Then run the next cell and compare.

# %%
# answer("1.check1.a", ...)

# %%
loader = DataLoader(dataset, batch_size=8, shuffle=True)
sizes = []
for x_batch, y_batch in loader:
    sizes.append(len(x_batch))
print("batch shapes:", list(x_batch.shape), list(y_batch.shape), "(the last batch)")
print("iterations per epoch:", len(sizes), "=", len(loader))
print("batch sizes:", sizes)
print(f"full batches: {sizes.count(8)}, last batch: {sizes[-1]} samples")
print("ceil(100 / 8) =", math.ceil(100 / 8))

# %% [markdown]
# Thirteen iterations: twelve full batches of 8 make 96 samples, and the 4 left over
# come as a smaller last batch. This is the formula from the module on batching,
# iterations per epoch = ceil(N / B), now counted by a real loader. (If you would
# rather skip the partial batch, `drop_last=True` does that.)
#
# Neither half knows the other's job. The Dataset never hears about batches; the
# DataLoader never looks inside a sample. That separation is why one DataLoader
# works for every Dataset you will ever write.
#
# ## 3. Shuffling is random sampling, in practice
#
# Remember the polling analogy: a poll of 1,000 random people tells you about a whole
# country, and a poll of 1,000 people from one street does not. A mini-batch is a
# poll of the training data, so it must be a *random* sample. `shuffle=True` is how
# you get that: the DataLoader draws a fresh random order of the indices every
# epoch.


# %%
def first_batch_x(loader):
    x_batch, _ = next(iter(loader))
    return x_batch[:4, 0]


print("epoch 1 starts with x =", first_batch_x(loader))
print("epoch 2 starts with x =", first_batch_x(loader))

# %% [markdown]
# What goes wrong without it? Real files are often stored in some order: by date, by
# class, by value. Here is our line again, stored with its targets sorted from low
# to high:


# %%
class SortedDataset(SimpleDataset):
    def __init__(self, n=100, noise=0.1, seed=0):
        super().__init__(n, noise, seed)
        order = torch.argsort(self.y[:, 0])  # targets from low to high
        self.x, self.y = self.x[order], self.y[order]


sorted_data = SortedDataset(200)
batches = list(DataLoader(sorted_data, batch_size=20, shuffle=False))
print(
    "targets in the first batch:",
    round(batches[0][1].min().item(), 2),
    "to",
    round(batches[0][1].max().item(), 2),
)
print(
    "targets in the last batch: ",
    round(batches[-1][1].min().item(), 2),
    "to",
    round(batches[-1][1].max().item(), 2),
)

# %% [markdown]
# Every batch is a poll of one street. Let us train the same small network twice on
# the same 200 points, once reading them in stored order and once shuffled, and
# measure the loss on *all* the data after every epoch.


# %%
def train_and_track(dataset, shuffle, epochs=10, seed=0):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(1, 16), nn.ReLU(), nn.Linear(16, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = nn.MSELoss()
    loader = DataLoader(
        dataset, batch_size=20, shuffle=shuffle, generator=torch.Generator().manual_seed(seed)
    )
    all_x, all_y = dataset.x, dataset.y
    history = []
    for epoch in range(epochs):
        for x_batch, y_batch in loader:
            loss = loss_fn(model(x_batch), y_batch)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            history.append(loss_fn(model(all_x), all_y).item())  # loss on all 200 points
    return history


sorted_curve = train_and_track(sorted_data, shuffle=False)
shuffled_curve = train_and_track(sorted_data, shuffle=True)
print(
    "after epoch 1:  sorted",
    round(sorted_curve[0], 4),
    " shuffled",
    round(shuffled_curve[0], 4),
    f" ratio {sorted_curve[0] / shuffled_curve[0]:.0f}x",
)
print("after epoch 10: sorted", round(sorted_curve[-1], 4), " shuffled", round(shuffled_curve[-1], 4))

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(range(1, 11), sorted_curve, "o-", color="tab:red", label="stored order (shuffle=False)")
ax.plot(range(1, 11), shuffled_curve, "o-", color="tab:green", label="shuffle=True")
ax.set(yscale="log", xlabel="epoch", ylabel="loss on all data (log scale)", title="Same data, same model")
ax.legend()
plt.show()

# %% [markdown]
# After one epoch the sorted run's loss is more than ten times the shuffled run's,
# and it is still behind after ten. Reading in stored order, each batch pulls the
# model towards one narrow range of targets, and every epoch ends on the largest
# ones, so the model keeps chasing the last street it polled. Shuffled, every batch
# is a fair poll and every step points roughly the right way. On real datasets
# stored by class, the damage is far worse. **Always shuffle the training data.**
# (The test data is only measured, never learned from, so it needs no shuffling.)
#
# ## 4. The training loop body does not change
#
# Side by side, here is the loop you wrote before, slicing batches by hand, and the
# same loop fed by a DataLoader. Only the line that produces `x_batch, y_batch`
# changes: the heartbeat (forward, loss, backward, update) is identical.

# %% [markdown]
# <!-- compare -->
# **before: raw tensors**
#
# ```python
# for i in range(0, len(x), 8):
#     x_batch, y_batch = x[i:i+8], y[i:i+8]
#     loss = loss_fn(model(x_batch), y_batch)
#     optimizer.zero_grad()
#     loss.backward()
#     optimizer.step()
# ```
#
# **now: a DataLoader**
#
# ```python
# for x_batch, y_batch in loader:
#     loss = loss_fn(model(x_batch), y_batch)
#     optimizer.zero_grad()
#     loss.backward()
#     optimizer.step()
# ```

# %% [markdown]
# Same heartbeat, new instruments: the DataLoader added shuffling, batching and the
# partial last batch, and the loop did not have to learn anything.
#
# ## 5. Transforms: converting each image as it is loaded
#
# MNIST's files hold 8-bit grey images, pixel values 0 to 255. A model wants float
# tensors, ideally centred around 0. `torchvision.transforms` builds that conversion
# as a pipeline:

# %%
transform = transforms.Compose(
    [
        transforms.ToTensor(),  # PIL image -> float tensor [1, 28, 28] in [0, 1]
        transforms.Normalize((0.1307,), (0.3081,)),  # subtract MNIST's mean, divide by its std
    ]
)

raw_set = datasets.MNIST(DATA_ROOT, train=True, download=False)  # no transform: PIL images
image, label = raw_set[0]
print("raw sample:", type(image).__name__, image.size, "mode", image.mode, "label", label)
tensor = transform(image)
print("transformed:", tensor.dtype, list(tensor.shape), f"min {tensor.min():.2f} max {tensor.max():.2f}")

# %% [markdown]
# Where do 0.1307 and 0.3081 come from? They are the mean and standard deviation of
# all of MNIST's training pixels, after ToTensor's division by 255. Let us check:

# %%
pixels = raw_set.data.float() / 255  # all 60,000 training images, [60000, 28, 28]
print(f"mean {pixels.mean():.4f}, std {pixels.std():.4f}")

# %% [markdown]
# Normalising with them gives inputs centred near 0 with a spread near 1, which is
# what the layers' initial weights expect.
#
# The important part is *when* the transform runs. You hand it to the Dataset, and
# the Dataset applies it inside `__getitem__`, to one image, each time that image is
# asked for. Nothing is converted up front, and the data on disk never changes:

# %%
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
x, y = train_set[0]
print("train_set[0]:", x.dtype, list(x.shape), "label", y)
print(
    "stored data is untouched:",
    train_set.data.dtype,
    list(train_set.data.shape),
    "values",
    int(train_set.data.min()),
    "to",
    int(train_set.data.max()),
)

# %% [markdown]
# Running transforms per sample is also what makes *random* augmentation possible:
# a random rotation gives a slightly different image every time the same index is
# read. (Data augmentation is a topic of its own; this is just a taste.)

# %%
wobbly = datasets.MNIST(
    DATA_ROOT,
    train=True,
    download=False,
    transform=transforms.Compose([transforms.RandomRotation(20), transforms.ToTensor()]),
)
print("same index, two reads, identical?", torch.equal(wobbly[0][0], wobbly[0][0]))

# %% [markdown]
# ## 6. MNIST through a DataLoader
#
# `torchvision.datasets.MNIST` is a ready-made Dataset: `__len__` and `__getitem__`
# are written for you. With `download=False` it reads the files realdata put in
# place; it never touches the network.

# %%
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
print(
    "training images:",
    len(train_set),
    " test images:",
    len(test_set),
    " together:",
    len(train_set) + len(test_set),
)
print(f"training images in memory: {train_set.data.numel() / 1e6:.1f} MB")

train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
images, labels = next(iter(train_loader))
print("images:", list(images.shape), " labels:", list(labels.shape), labels.dtype)

# %% [markdown]
# Read `[64, 1, 28, 28]` from the left: 64 images in the batch (the batch dimension is
# always first), 1 channel because MNIST is grayscale, and 28 by 28 pixels.
#
# **Quick check:** `answer("1.quick.a", ...)` for the batch size and
# `answer("1.quick.b", ...)` for the number of channels.
#
# Let us look at the batch we just drew. `Normalize` moved the pixel values, so we
# undo it for display:

# %%
fig, axes = plt.subplots(2, 8, figsize=(10, 3))
for ax, image, label in zip(axes.flat, images, labels):
    ax.imshow((image[0] * 0.3081 + 0.1307).numpy(), cmap="gray")  # undo Normalize to show the pixels
    ax.set_title(int(label))
    ax.axis("off")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 7. When batching fails: inconsistent shapes
#
# The DataLoader stacks samples with `torch.stack`, and stacking needs every sample
# to have the same shape. Here is a Dataset with a bug: every 7th sample comes out
# with shape `[2]` instead of `[1]`. Fetching one sample works fine. Batching does not:


# %%
class BrokenDataset(SimpleDataset):
    def __getitem__(self, index):
        x, y = super().__getitem__(index)
        if index % 7 == 6:
            x = torch.cat([x, x])  # the bug: shape [2] instead of [1]
        return x, y


broken = BrokenDataset(100)
print("broken[6] on its own works; its x has shape", list(broken[6][0].shape))
broken_loader = DataLoader(broken, batch_size=8)
try:
    for x_batch, y_batch in broken_loader:
        pass
except RuntimeError as error:
    print("RuntimeError:", error)

# %% [markdown]
# PyTorch's message says *that* shapes differ, but not *which* samples. realdata's
# `diagnose_batches` replays the loader's batches and names them:

# %%
from realdata.data.collate import diagnose_batches, find_shape_mismatches

print(diagnose_batches(broken_loader))
print("all indices with shape [2]:", find_shape_mismatches(broken)[((2,), (1,))][:5], "...")

# %% [markdown]
# The fix is always in `__getitem__`: make every sample come out the same shape.
#
# ## 8. Lazy loading: datasets larger than memory
#
# `datasets.MNIST` fits in memory: its training images take
# 60,000 x 28 x 28 bytes, about 47 MB (`train_set.data.numel()` counts them). Many
# datasets do not: a folder of a million photos. The pattern for those is **lazy loading**: `__init__` stores only
# the *file paths*, and `__getitem__` opens one file when that sample is asked for.
# To see it for real, realdata writes the first 300 MNIST training images as PNG files:

# %%
from realdata.data.teaching import write_mnist_pngs

png_folder = write_mnist_pngs(Path("mnist_pngs"), root=DATA_ROOT, n=300)
print(len(list(png_folder.glob("*.png"))), "PNG files in", png_folder)
print((png_folder / "labels.csv").read_text().splitlines()[:3])

# %%
import csv

from PIL import Image


class LazyImageDataset(Dataset):
    def __init__(self, folder, transform=None):
        folder = Path(folder)
        with open(folder / "labels.csv", newline="") as f:
            rows = list(csv.DictReader(f))
        self.paths = [folder / row["file"] for row in rows]  # paths only: cheap to keep
        self.labels = [int(row["label"]) for row in rows]
        self.transform = transform

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, index):
        image = Image.open(self.paths[index]).convert("L")  # the disk read happens here, once per access
        if self.transform is not None:
            image = self.transform(image)
        return image, self.labels[index]


lazy = LazyImageDataset(png_folder, transform=transform)
images, labels = next(iter(DataLoader(lazy, batch_size=32, shuffle=True)))
print("lazy dataset:", len(lazy), "samples; a batch:", list(images.shape))
print("same pixels as datasets.MNIST?", torch.equal(lazy[0][0], train_set[0][0]))

# %% [markdown]
# Memory holds 300 paths, not 300 images, and it would hold a million paths just as
# easily. The transform pipeline and the DataLoader do not care where the pixels came
# from: the menu changed, the kitchen did not.
#
# ## Check 2: advise a colleague
#
# A colleague has 50,000 photos. Their script opens every file into a list of PIL
# images, converts them all to tensors up front, and slices batches by hand with
# `images[i:i+64]`. What would you suggest, and why? Write your answer with
# `answer("1.check2", "...")`; you will then see ours to compare with.

# %%
# answer("1.check2", "...")

# %% [markdown]
# ## Summary
#
# * A **Dataset** says how many samples there are (`__len__`) and fetches one
#   (`__getitem__`): the menu.
# * A **DataLoader** batches, shuffles and iterates: the kitchen. An epoch is
#   ceil(N / B) iterations, the last batch holding the remainder.
# * `shuffle=True` makes every batch a random sample; stored order biases every step.
# * **Transforms** (`Compose`, `ToTensor`, `Normalize`) run per sample, when it is
#   loaded; the data on disk is never changed.
# * `datasets.MNIST` is a ready-made Dataset: batches of shape `[64, 1, 28, 28]`.
# * Batching stacks samples, so every sample must have the same shape.
# * Lazy loading keeps paths in `__init__` and reads files in `__getitem__`.
# * The training loop body does not change.
#
# Next: the exercise notebook, `01-datasets-and-dataloaders-exercises.ipynb`. Then, in
# the MNIST project, you will train a real classifier on these batches.
