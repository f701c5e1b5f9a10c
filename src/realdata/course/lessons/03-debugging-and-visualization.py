# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 3: Debugging and visualization
#
# ## A puzzle to start
#
# A colleague trains an MNIST classifier and sends you the log. The loss falls from
# about 2.3 to about 0.5 in three epochs. Looks like learning. Then they measure the
# test set. Run it and see:

# %%
import math
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset
from torchvision import datasets

from realdata.course import answer, reveal
from realdata.data.loaders import make_loaders, normalize_uint8
from realdata.data.mnist import default_root

torch.set_num_threads(1)
DATA_ROOT = default_root()
raw = datasets.MNIST(DATA_ROOT, train=True, download=False)

# The colleague's training set: 6,000 images, most of them 1s (their data came that way).
ones = (raw.targets == 1).nonzero()[:5400, 0]
others = (raw.targets != 1).nonzero()[:600, 0]
keep = torch.cat([ones, others])
pixels = raw.data[keep]
ink = pixels > 255  # meant to keep the pixels with ink in them
puzzle_images = normalize_uint8(pixels * ink)
puzzle_labels = raw.targets[keep]
puzzle_loader = DataLoader(TensorDataset(puzzle_images, puzzle_labels), batch_size=64, shuffle=True,
                           generator=torch.Generator().manual_seed(0))
test_loader = make_loaders(DATA_ROOT, pipeline="fast", seed=0).test  # the real, balanced test set


def make_mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))


def accuracy(model, loader):
    model.eval()
    with torch.no_grad():
        correct = sum((model(x).argmax(dim=1) == y).sum().item() for x, y in loader)
    return correct / len(loader.dataset)


torch.manual_seed(0)
puzzle_model = make_mlp()
loss_fn = nn.CrossEntropyLoss()
optimizer = optim.Adam(puzzle_model.parameters(), lr=1e-3)
puzzle_losses = []
for epoch in range(3):
    puzzle_model.train()
    for images, labels in puzzle_loader:
        loss = loss_fn(puzzle_model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        puzzle_losses.append(loss.item())
    print(f"epoch {epoch + 1}: training loss {sum(puzzle_losses[-len(puzzle_loader):]) / len(puzzle_loader):.3f}")
print(f"first batch loss {puzzle_losses[0]:.2f}")
print(f"test accuracy: {accuracy(puzzle_model, test_loader):.1%}")

# %% [markdown]
# About 11% on ten classes: no better than guessing. How can the loss fall so nicely
# while the model learns nothing? Hold that thought; by the end of this lesson you
# will have four tools that find out in minutes, and one that finds out by itself.
# (If you want the answer now: `reveal("3.puzzle")`.)
#
# The lesson of the puzzle, first: **loss going down does not mean training is
# working.** Always watch accuracy next to the loss.
#
# ## 1. torchinfo: an X-ray before training
#
# `torchinfo.summary` shows every layer's output shape and parameter count without
# training anything: an **X-ray** of the model. Pass the model and the shape of one
# batch:

# %%
from torchinfo import summary

print(summary(make_mlp(), input_size=(64, 1, 28, 28)))

# %% [markdown]
# Each row is a layer, with the shape that comes out of it: the batch of 64 stays in
# front, Flatten makes 784 features, and the layers take them to 256, 128 and 10.
# Total params: 235,146, the number you worked out by hand in the MNIST project.
#
# Its real value is catching mistakes *before* any data runs. Two classics: a
# missing Flatten, and two Linear layers whose sizes do not meet.

# %%
no_flatten = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
sizes_do_not_meet = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(128, 10))
for name, model in (("missing Flatten", no_flatten), ("sizes do not meet", sizes_do_not_meet)):
    try:
        summary(model, input_size=(64, 1, 28, 28), verbose=0)
    except RuntimeError as error:
        cause = error.__cause__ or error
        print(f"{name}: {str(cause).splitlines()[0]}")

# %% [markdown]
# Read the numbers. "1792x28 and 784x256": without Flatten, the Linear treats the
# image's last dimension (28 pixels) as the features and every other dimension as rows,
# 64 x 1 x 28 = 1,792 of them, while it wants 784 features. The image never got
# flattened. "64x256 and 128x10" means a layer expecting 128 features received 256. **Shape errors are plumbing problems, not design flaws**:
# one number between two neighbouring layers, and the fix is to make them agree.
#
# ## 2. Gradient checking: taking the pulse
#
# After the first `loss.backward()`, every parameter has a gradient. Their sizes, layer
# by layer, are the model's **pulse**: a healthy one is balanced, a weak one means early
# layers barely learn even though the model looks alive.


# %%
def log_gradient_norms(model):
    norms = {}
    for name, param in model.named_parameters():  # like parameters(), with each one's name
        if param.grad is not None:
            norms[name] = param.grad.norm().item()
            print(f"{name:<12} {norms[name]:.2e}")
    return norms


images, labels = next(iter(make_loaders(DATA_ROOT, pipeline="fast", seed=0, limit=256).train))
torch.manual_seed(0)
healthy = make_mlp()
loss_fn(healthy(images), labels).backward()
print("healthy network:")
healthy_norms = log_gradient_norms(healthy)
weights = [v for k, v in healthy_norms.items() if k.endswith("weight")]
print(f"largest / smallest weight gradient: {max(weights) / min(weights):.1f}x")

# %% [markdown]
# All layers within a few times of each other: a strong, even pulse. Now a deep stack
# of sigmoid layers, the kind the backpropagation module warned about (the telephone
# game: each layer passes on a fainter message):

# %%
torch.manual_seed(0)
layers = [nn.Flatten(), nn.Linear(784, 128), nn.Sigmoid()]
for _ in range(6):
    layers += [nn.Linear(128, 128), nn.Sigmoid()]
deep_sigmoid = nn.Sequential(*layers, nn.Linear(128, 10))
loss_fn(deep_sigmoid(images), labels).backward()
print("deep sigmoid network:")
sick_norms = log_gradient_norms(deep_sigmoid)
first, last = sick_norms["1.weight"], sick_norms[f"{len(deep_sigmoid) - 1}.weight"]
print(f"last layer / first layer: {last / first:,.0f}x")

# %% [markdown]
# The first layer's gradient is about 100,000 times smaller than the last one's: it
# will barely move. The rule of thumb: layers within 10-100x of each other are healthy;
# early layers 100,000x smaller are **vanishing**; any norm above 100, or NaN, is
# **exploding**.
#
# | vanishing (early layers tiny) | exploding (huge or NaN) |
# |---|---|
# | ReLU instead of sigmoid/tanh in deep stacks | lower the learning rate |
# | a proper initialisation | gradient clipping |
# | batch norm | check the data (normalised? any NaN?) |
# | skip connections (later in the course) | batch norm |
#
# Check the pulse on the first iteration, and every few hundred steps after. In a
# training loop that is one `if` between `backward()` (the gradients exist) and
# `zero_grad()` of the next step (they are gone):

# %%
torch.manual_seed(0)
pulse_model = make_mlp()
pulse_optimizer = optim.Adam(pulse_model.parameters(), lr=1e-3)
pulse_loader = make_loaders(DATA_ROOT, pipeline="fast", seed=0, limit=12_800).train  # 200 batches
PULSE_EVERY = 100
for step, (images, labels) in enumerate(pulse_loader):
    loss = loss_fn(pulse_model(images), labels)
    pulse_optimizer.zero_grad()
    loss.backward()
    if step % PULSE_EVERY == 0:  # the pulse, every N steps
        print(f"step {step}: loss {loss.item():.3f}")
        log_gradient_norms(pulse_model)
    pulse_optimizer.step()

# %% [markdown]
# Still balanced at step 100, while the loss fell from about 2.3 to about 0.3: the
# weight gradients stay within a few times of each other, none tiny, none huge. That is
# what a healthy pulse looks like over time; an early layer whose norm collapses towards
# zero, or any norm that shoots up or turns NaN, is the moment to stop and look.
#
# ## 3. TensorBoard: the flight recorder
#
# A plane's flight recorder writes everything down continuously, so that after the
# flight (or the crash) you can see what happened. TensorBoard is that for training.
# A `SummaryWriter` writes event files into a folder, one folder per run; the
# training loop needs just two more lines:
#
# ```python
# writer = SummaryWriter("runs/my-experiment")
# for epoch in range(epochs):
#     train_loss, train_acc = train_one_epoch(...)
#     writer.add_scalar("loss/train", train_loss, epoch)        # line 1
#     writer.add_scalar("accuracy/train", train_acc, epoch)     # line 2
# writer.close()
# ```
#
# Its killer feature is comparison: point TensorBoard at the parent folder and every
# run appears on the same plot. Let us log three learning rates as three real runs:

# %%
from torch.utils.tensorboard import SummaryWriter

from realdata.training.loop import train_one_epoch

small = make_loaders(DATA_ROOT, pipeline="fast", seed=0, limit=2000)
runs = Path("runs") / "lr-comparison"
for lr in (1.0, 0.1, 0.0001):
    torch.manual_seed(0)
    model = make_mlp()
    optimizer = optim.SGD(model.parameters(), lr=lr)
    writer = SummaryWriter(runs / f"lr-{lr}")
    for epoch in range(1, 6):
        train_loss, train_acc = train_one_epoch(model, small.train, loss_fn, optimizer)
        writer.add_scalar("loss/train", train_loss, epoch)
        writer.add_scalar("accuracy/train", train_acc, epoch)
    writer.close()
print(sorted(p.name for p in runs.iterdir()))

# %% [markdown]
# In a terminal, `realdata tensorboard runs/lr-comparison` starts TensorBoard on
# http://localhost:6006 with the three curves overlaid. Here we read the very same
# event files back with TensorBoard's own reader and draw them:

# %%
from realdata.training.tracking import read_scalars

curves = {folder.name: read_scalars(folder) for folder in sorted(runs.iterdir())}
fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 3.8))
for name, scalars in curves.items():
    steps, losses = zip(*scalars["loss/train"])
    ax_loss.plot(steps, losses, "o-", label=name)
    ax_acc.plot(*zip(*scalars["accuracy/train"]), "o-", label=name)
    print(f"{name:<10} loss per epoch: {[round(v, 3) for v in losses]}")
ax_loss.set(title="loss/train", xlabel="epoch", xticks=range(1, 6))
ax_acc.set(title="accuracy/train", xlabel="epoch", xticks=range(1, 6))
ax_acc.legend()
plt.tight_layout()
plt.savefig(runs / "overlay.png")
plt.show()

from realdata.course.show import runs_chart  # noqa: E402 - on the course site: hover, switch runs off

runs_chart(curves, "loss/train")
runs_chart(curves, "accuracy/train")

# %% [markdown]
# Three behaviours, one plot:
#
# * **lr 1.0 diverges**: each step overshoots, so the loss jumps around and even climbs
#   far above where it started, and the accuracy goes nowhere;
# * **lr 0.1 learns**: the loss falls fast and the accuracy climbs;
# * **lr 0.0001 crawls**: the loss barely moves; with enough patience it would learn,
#   but nobody has that much patience.
#
# ### A suspiciously smooth curve
#
# Real mini-batch training is noisy: every batch is a different sample, so the loss
# wiggles from step to step. A perfectly smooth curve is a warning sign.
#
# **Predict first:** 150 steps of Adam on MNIST, once with a new batch every step and
# once with `next(iter(loader))` called once *outside* the loop, so every step sees the
# same 64 images. Which run ends with the lower training loss, and which curve goes up
# more often from one step to the next? `answer("3.check3", "same batch")` or
# `answer("3.check3", "new batch")` for the lower final loss.

# %%
# answer("3.check3", ...)

# %% [markdown]
# Now run both:

# %%
def batches_forever(loader):
    while True:
        yield from loader  # a new epoch (and a new shuffle) whenever one ends


def per_step_losses(same_batch, steps=150):
    torch.manual_seed(0)
    model = make_mlp()
    optimizer = optim.Adam(model.parameters(), lr=1e-3)
    fixed = next(iter(small.train))  # the bug: one batch, fetched once, outside the loop
    losses = []
    for _, batch in zip(range(steps), batches_forever(small.train)):
        images, labels = fixed if same_batch else batch
        loss = loss_fn(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


real, same = per_step_losses(False), per_step_losses(True)
for name, losses in (("real batches", real), ("same batch", same)):
    ups = sum(b > a for a, b in zip(losses, losses[1:])) / (len(losses) - 1)
    print(f"{name:<13} loss went up on {ups:.0%} of steps, final loss {losses[-1]:.4f}")
plt.figure(figsize=(6, 3.5))
plt.plot(real, label="real: a new batch each step")
plt.plot(same, label="bug: the same batch every step")
plt.xlabel("step")
plt.ylabel("training loss")
plt.legend()
plt.show()

# %% [markdown]
# The real curve goes up on a good share of steps; the buggy one slides smoothly to
# almost zero, because the model memorises one batch of 64 images. It looks perfect
# and learns almost nothing about MNIST.
#
# ## 4. The checklist: a workflow, not guessing
#
# Debugging is a systematic workflow, not staring at code and restarting. Four phases:

# %% [markdown]
# <!-- phases -->
# 1. **Before training: torchinfo.** Do the shapes flow, is the parameter count what
#    you expect?
# 2. **First iteration: the pulse.** Are the gradient norms balanced, nothing tiny,
#    nothing huge or NaN?
# 3. **During training: TensorBoard.** Loss *and* accuracy, train *and* test.
# 4. **Diagnose by symptom:**
#    * stuck loss: check the gradients (vanishing? learning rate?);
#    * NaN: exploding (learning rate, data, clipping);
#    * train good, test bad: regularise (dropout, weight decay, more data);
#    * loss down, accuracy flat: check the predictions (and the inputs, and the labels);
#    * suspiciously smooth loss: are you iterating the DataLoader?

# %% [markdown]
# ## 5. The puzzle, solved
#
# Back to the colleague. Phase 3 already told us loss and accuracy disagree, so look at
# the predictions, the labels and the inputs:

# %%
puzzle_model.eval()
with torch.no_grad():
    predictions = torch.cat([puzzle_model(x).argmax(dim=1) for x, _ in test_loader])
print("predicted classes on the test set:", torch.bincount(predictions, minlength=10).tolist())
print(f"share of 1s in the colleague's training labels: {(puzzle_labels == 1).float().mean():.0%}")
label_share = torch.bincount(puzzle_labels, minlength=10).float() / len(puzzle_labels)
entropy = -(label_share[label_share > 0] * label_share[label_share > 0].log()).sum()
print(f"uniform guess: -log(1/10) = {math.log(10):.2f}; entropy of the training labels: {entropy:.2f}")
print("distinct pixel values in the training images:", puzzle_images.unique().numel())
print("are all training images identical?", bool((puzzle_images == puzzle_images[0]).all()))

# %% [markdown]
# Nearly every test image is called a 1 (the counts above). And the training images
# contain a single pixel value: they are all the same blank image. The mask
# `pixels > 255` can never be true for 8-bit pixels, so it erased every image. With
# nothing to see, the best the model can do is learn the **class prior**: give every
# image the same probabilities, the label frequencies, about 90% for a 1. Its answer,
# the most probable class, is then 1 for every image, and the loss falls from 2.3 (a
# uniform guess, -log 1/10) to the entropy of those frequencies, the lowest loss a
# model that cannot see can reach. (Answering 1 with full certainty would not do it:
# every training image that is not a 1 would then cost an infinite loss.) The loss
# fell because the model learned how often each digit occurs, not what digits look like.
#
# The pulse agrees. On a blank image every pixel is the same, so the first layer's
# weights all get the same push and the model has nothing to tell images apart with:

# %%
puzzle_model.train()
puzzle_model.zero_grad()
images, labels = next(iter(puzzle_loader))
loss_fn(puzzle_model(images), labels).backward()
pulse = log_gradient_norms(puzzle_model)
first_layer = puzzle_model[1].weight.grad  # [256, 784]: one row of 784 weights per hidden unit
distinct = max(row.unique().numel() for row in first_layer)
print(f"different gradient values among one unit's 784 weights: at most {distinct}")

# %% [markdown]
# The gradients are not vanishing or exploding: the pulse is there, but it carries one
# number per unit instead of 784. Nothing in the input can teach the first layer where
# a digit's strokes are.
#
# ### And with the training doctor
#
# realdata's training doctor runs this whole checklist for you: point it at a training
# loop (or a script, with `realdata doctor run train.py`) and it reports findings with
# the evidence and the remedy:

# %%
from realdata.doctor import Doctor

torch.manual_seed(0)
suspect = make_mlp()
doctor = Doctor(suspect, puzzle_loader, loss_fn, optim.Adam(suspect.parameters(), lr=1e-3), test_loader)
with doctor.watch():
    for epoch in range(3):
        suspect.train()
        for images, labels in puzzle_loader:
            loss = loss_fn(suspect(images), labels)
            doctor.optimizer.zero_grad()
            loss.backward()
            doctor.optimizer.step()
report = doctor.diagnose()
print(report)

# %% [markdown]
# `class-prior-collapse` is the puzzle's name: the loss fell, but the predictions are
# one class at the majority-class rate. The doctor also noticed that most ReLU units are
# silent for whole batches: no wonder, when every image in a batch is the same.
#
# ## Check 1: predict, then verify
#
# `nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))`
# gets a batch of shape `[32, 1, 28, 28]`.
#
# * **a.** the output shape of the first Linear: `answer("3.check1.a", [...])`
# * **b.** the total number of parameters: `answer("3.check1.b", ...)`
# * **c.** if the second Linear were `nn.Linear(100, 64)`, which layer index would
#   raise the error? `answer("3.check1.c", ...)`
#
# Then verify with `summary(...)`.

# %%
# answer("3.check1.a", ...)

# %% [markdown]
# ## Check 2: a colleague's 52%
#
# A colleague's binary classifier is stuck at 52% accuracy. How would you use torchinfo,
# gradient checking and TensorBoard to find out why? `answer("3.check2", "...")`
#
# ## Summary
#
# * Loss going down does not mean training is working: watch accuracy too.
# * torchinfo is an X-ray: shapes and parameter counts before any training. Shape
#   errors are plumbing.
# * Gradient norms are the pulse: balanced is healthy; tiny early layers are vanishing;
#   huge or NaN is exploding.
# * TensorBoard is a flight recorder: two lines of logging, and runs overlaid for free.
# * A suspiciously smooth loss curve means the same batch every step.
# * Debugging is a workflow: the 4-phase checklist, or the training doctor.
