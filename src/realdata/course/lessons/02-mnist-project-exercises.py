# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The MNIST project: your first classifier on real data
#
# Six steps, each checked on the spot: load the data, build the model, write the
# training loop, evaluate, look at the predictions, and improve the model. The
# checks run your code on their own seeded slices of MNIST and recognise the
# classic mistakes by name.
#
# * `hint("2.3")` gives a nudge (call again for more); `solution("2.3")` shows one answer.
# * Training cells use realdata's **fast pipeline**: the same batches your Step 1
#   loaders make, value for value, kept in memory so an epoch takes seconds instead
#   of a minute on a laptop. This project is about the model and the loop, not the
#   pipeline (lesson 1 was); `realdata.data.loaders` shows how it works.
#
# Run the set-up cell first.

# %% tags=["setup"]
import math

import matplotlib.pyplot as plt
import torch
from torch import nn, optim
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

from realdata.course import check, hint, solution
from realdata.data.loaders import make_loaders
from realdata.data.mnist import default_root

DATA_ROOT = default_root()
torch.set_num_threads(1)  # small batches run faster on one thread on a laptop
torch.manual_seed(0)
fast = make_loaders(DATA_ROOT, pipeline="fast", seed=0)  # fast.train / fast.test: same batches as Step 1

# %% [markdown]
# ## Step 1: load MNIST
#
# Make `train_loader` (batches of 64, shuffled) and `test_loader` (in order) from
# `datasets.MNIST(DATA_ROOT, ..., download=False)`, with `ToTensor()` and
# `Normalize((0.1307,), (0.3081,))`.

# %% tags=["exercise:2.1"]
train_loader = ...
test_loader = ...

# %% tags=["check:2.1"]
check("2.1")

# %% [markdown]
# ## Step 2: the simple model
#
# `model`: Flatten, then 784 -> 256 -> 128 -> 10 with a ReLU after each hidden layer.
# The output is 10 raw **logits**: no activation after the last layer.

# %% tags=["exercise:2.2"]
model = ...

# %% tags=["check:2.2"]
check("2.2")

# %% [markdown]
# ## Step 3: the training loop
#
# `train_one_epoch(model, loader, loss_fn, optimizer)` puts the model in training mode
# (`model.train()`: Step 4's evaluation will leave it in eval mode), trains for one pass
# over `loader` with the `loss_fn` and `optimizer` it is given, and returns
# `(mean loss, accuracy)` as plain numbers, accuracy a fraction between 0 and 1, from
# `torch.argmax(outputs, dim=1)`. The mean loss may be the mean of the batch losses or
# the mean over all images (they differ a little when the last batch is smaller).


# %% tags=["exercise:2.3"]
def train_one_epoch(model, loader, loss_fn, optimizer):
    raise NotImplementedError("forward, loss, zero_grad, backward, step")


# %% tags=["check:2.3"]
check("2.3")

# %% [markdown]
# Now train your model for real, 3 epochs on all 60,000 images (a few seconds each):

# %%
loss_fn = nn.CrossEntropyLoss()
optimizer = optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(1, 4):
    train_loss, train_acc = train_one_epoch(model, fast.train, loss_fn, optimizer)
    print(f"epoch {epoch}: loss {train_loss:.4f}, train accuracy {train_acc:.2%}")

# %% [markdown]
# ## Step 4: evaluation
#
# `evaluate(model, loader, loss_fn)` returns `(mean loss, accuracy)` as plain numbers,
# in eval mode and without learning anything (no gradients, no updates). Then measure your trained model on the test set:
# `test_loss, test_accuracy = evaluate(model, test_loader, loss_fn)`.


# %% tags=["exercise:2.4"]
def evaluate(model, loader, loss_fn):
    raise NotImplementedError("model.eval(), torch.no_grad(), no optimizer")


test_loss, test_accuracy = ..., ...

# %% tags=["check:2.4"]
check("2.4")

# %% [markdown]
# ## Step 5: look at the predictions
#
# `show_predictions(model, images, labels)` returns a matplotlib figure with one
# panel per image, titled with the predicted digit and its confidence (the softmax
# probability), in **green** when right and **red** when wrong.


# %% tags=["exercise:2.5"]
def show_predictions(model, images, labels):
    raise NotImplementedError("one panel per image")


# %% tags=["check:2.5"]
check("2.5")

# %%
images, labels = next(iter(fast.test))
show_predictions(model, images[:24], labels[:24])
plt.show()

# %% [markdown]
# ## Step 6: the improved model
#
# Build `improved_model` with Step 2's sizes (784 -> 256 -> 128 -> 10): each hidden
# layer **Linear -> BatchNorm1d -> ReLU -> Dropout(0.3)**, the output a plain Linear; and `improved_optimizer`: Adam with
# `lr=1e-3` and `weight_decay=1e-4`. Then run the training cell below it and check.

# %% tags=["exercise:2.6"]
improved_model = ...
improved_optimizer = ...

# %%
for epoch in range(1, 6):
    train_loss, train_acc = train_one_epoch(improved_model, fast.train, loss_fn, improved_optimizer)
    test_loss, test_acc = evaluate(improved_model, fast.test, loss_fn)
    print(f"epoch {epoch}: train {train_acc:.2%}  test {test_acc:.2%}")

# %% tags=["check:2.6"]
check("2.6")
