# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 2: The MNIST project
#
# Time for your first end-to-end model on real data: 60,000 handwritten digits in,
# a classifier out that reads digits it has never seen. Everything you need is already
# in your hands: Datasets and DataLoaders from lesson 1, and the training loop's
# heartbeat from before. Only two things are new, and both are about the *output*:
#
# * a digit is a **category**, not a quantity, so the model gives one score per class;
# * "how wrong" a guess is needs a new measure: **cross-entropy** instead of MSE.
#
# We use realdata's fast pipeline for training here: the very same batches as
# `datasets.MNIST` + `ToTensor` + `Normalize` through a DataLoader, value for value,
# kept in memory so an epoch takes seconds on a laptop. This lesson is about the model;
# lesson 1 was about the pipeline.

# %%
import math

import matplotlib.pyplot as plt
import torch
from torch import nn, optim

from realdata.course import answer, reveal
from realdata.data.loaders import make_loaders
from realdata.data.mnist import default_root

torch.set_num_threads(1)  # small batches run faster on one thread on a laptop
loaders = make_loaders(default_root(), pipeline="fast", seed=0)
print("training images:", loaders.n_train, " batches of 64:", len(loaders.train), " test images:", loaders.n_test)

# %% [markdown]
# ## 1. Classification, not regression
#
# Until now the model predicted a number (y for a given x) and MSE measured the
# distance to the right number. That is **regression**. Reading a digit is
# **classification**: the answer is one of 10 categories, and "7 is closer to 8 than
# to 1" means nothing. So the model outputs **10 numbers**, one score per digit,
# and predicts the digit with the highest score.
#
# Those raw scores are called **logits**. They can be negative, they do not sum to
# 1, and they are not probabilities (yet).
#
# ## 2. Softmax: sigmoid, generalised to many classes
#
# You know sigmoid: it squashes *one* number into (0, 1). **Softmax** squashes *N*
# numbers into N probabilities that are all positive and sum to 1:
#
# softmax(z)_i = e^(z_i) / sum over j of e^(z_j)
#
# Here are 10 logits where class 7 stands out with 3.8. Let us work its probability
# out by hand, step by step:

# %%
logits = torch.tensor([0.5, -0.3, -0.8, 0.4, -1.2, 0.6, 0.1, 3.8, 0.57, -0.6])
e7 = math.exp(3.8)
total = sum(math.exp(z) for z in logits.tolist())
print(f"e^3.8 = {e7:.2f}")
print(f"sum of e^z over all 10 classes = {total:.2f}")
print(f"probability of class 7 = {e7:.2f} / {total:.2f} = {e7 / total:.2f}")

# %%
probs = torch.softmax(logits, dim=0)
print("softmax:", [round(p, 3) for p in probs.tolist()])
print(f"class 7: {probs[7]:.2f}   all positive: {bool((probs > 0).all())}   sum: {probs.sum():.4f}")

# %% [markdown]
# PyTorch agrees: class 7 gets 0.82, and the ten probabilities sum to 1. Notice that
# softmax never changes which class is largest, so to *predict* you can skip it and
# take the largest logit directly. And to train, as we will see in a moment, you
# should skip it too.
#
# ## 3. Why MSE fails at classification
#
# Say the right answer is class 0, and the model is confidently wrong: 80% on
# class 3, only 2% on class 0, the rest spread thin. Compare the two wrongness
# scores against the one-hot target:

# %%
target = torch.zeros(10)
target[0] = 1.0
confident_wrong = torch.full((10,), 0.18 / 8)
confident_wrong[3], confident_wrong[0] = 0.80, 0.02
print(f"MSE:           {((confident_wrong - target) ** 2).mean():.3f}")
print(f"cross-entropy: {-math.log(confident_wrong[0]):.2f}   (-log of the probability on the right class)")

# %% [markdown]
# Now make the model ever more sure of the wrong answer, and watch both scores:

# %%
print(" p(correct)    MSE   cross-entropy")
for p in (0.5, 0.1, 0.02, 0.001):
    probs = torch.zeros(10)
    probs[0], probs[3] = p, 1 - p  # all the rest of the belief on the wrong class 3
    mse = ((probs - target) ** 2).mean().item()
    print(f"{p:>11}  {mse:.3f}  {-math.log(p):>14.2f}")

# %% [markdown]
# MSE measures *distance*, and a probability cannot be further than 1 from its
# target, so here it never exceeds 0.2: being 99.9% sure of the wrong digit costs
# hardly more than being 98% sure. It treats all errors alike, whatever the
# confidence. Cross-entropy keeps climbing. That is the behaviour we want.
#
# ## 4. Cross-entropy: wrongness score v2
#
# Cross-entropy is L = -log(p_correct): look only at the probability the model gave
# the right answer. Think of it as a **confidence penalty**: confident and right
# costs almost nothing, unsure costs a little, confident and wrong costs a lot.

# %%
from realdata.course.show import value_cards

penalties = [("confident and right", 0.95), ("unsure", 0.5), ("confident and wrong", 0.01)]
for name, p in penalties:
    print(f"{name:<20} p(correct) = {p:<5} loss = {-math.log(p):.2f}")
value_cards([(f"p(correct) = {p}", f"{-math.log(p):.2f}", name) for name, p in penalties])
print(f"confident-wrong costs {math.log(0.01) / math.log(0.95):.0f}x as much as confident-right")

# %% [markdown]
# 0.05, 0.69, 4.61: a confidently wrong answer costs about 90 times a confidently
# right one. MSE measured distance; cross-entropy measures confidence on the wrong
# answer. That is wrongness score v2.
#
# ## 5. `nn.CrossEntropyLoss`: the drop-in replacement
#
# In the training loop, swap `nn.MSELoss()` for `nn.CrossEntropyLoss()`. It takes
# the **raw logits** and the **class labels as integer indices** (a `[B]` tensor of
# int64, as the DataLoader gives them), and applies log-softmax internally, in a
# numerically stable way. (Since PyTorch 1.10 it also accepts a `[B, C]` tensor of
# class probabilities as the target, for soft labels; for plain labels, use indices.)

# %%
loss_fn = nn.CrossEntropyLoss()
label = torch.tensor([7])  # class index, dtype int64
loss = loss_fn(logits.unsqueeze(0), label)  # logits [1, 10], label [1]
print(f"nn.CrossEntropyLoss: {loss.item():.4f}")
print(f"-log(softmax[7]):    {-torch.log(torch.softmax(logits, dim=0)[7]).item():.4f}")

# %% [markdown]
# The same number. Because the loss already contains the softmax, **do not add a
# softmax before it**. A second softmax squashes the logits into [0, 1] before the
# loss squashes them again: the loss can never get near 0, and the gradients shrink.
# Here is what that does to the loss of a perfect, confident prediction, and then to
# one epoch of real training:

# %%
perfect = torch.full((1, 10), -10.0)
perfect[0, 7] = 10.0
print(f"confident and right, correct use: {loss_fn(perfect, label).item():.4f}")
print(f"confident and right, softmax first: {loss_fn(torch.softmax(perfect, dim=1), label).item():.4f}")


def one_epoch(double_softmax):
    torch.manual_seed(0)
    loaders.generator.manual_seed(0)
    model = nn.Sequential(
        nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)
    )
    optimizer = optim.Adam(model.parameters(), lr=1e-3)
    for images, labels in loaders.train:
        outputs = model(images)
        if double_softmax:
            outputs = torch.softmax(outputs, dim=1)  # the bug
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        correct = sum((model(x).argmax(dim=1) == y).sum().item() for x, y in loaders.test)
    return correct / loaders.n_test


right, doubled = one_epoch(False), one_epoch(True)
print(f"test accuracy after one epoch: correct use {right:.2%}, softmax before the loss {doubled:.2%}")

# %% [markdown]
# The buggy run still learns something, which is what makes this bug sneaky, but it
# ends the epoch behind, and its loss can never drop below about 1.46 however right it
# is. **Logits go straight into `nn.CrossEntropyLoss`.**
#
# ## 6. The model
#
# A fully-connected network needs a flat vector, and MNIST batches are
# `[B, 1, 28, 28]`. `nn.Flatten()` is the module version of reshape: it flattens
# everything after the batch dimension, giving `[B, 784]`.


# %%
class SimpleMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(),  # [B, 1, 28, 28] -> [B, 784]
            nn.Linear(784, 256),
            nn.ReLU(),
            nn.Linear(256, 128),
            nn.ReLU(),
            nn.Linear(128, 10),  # logits: no activation on the output
        )

    def forward(self, x):
        return self.net(x)  # [B, 10]


# %% [markdown]
# How many parameters? Each Linear layer has in x out weights plus out biases:

# %%
layers = [(784, 256), (256, 128), (128, 10)]
for n_in, n_out in layers:
    print(f"{n_in:>3} x {n_out:<3} + {n_out:<3} = {n_in * n_out + n_out:>7,}")
print(f"total by hand: {sum(i * o + o for i, o in layers):,}")
torch.manual_seed(0)
simple = SimpleMLP()
print(f"total in the model: {sum(p.numel() for p in simple.parameters()):,}")

# %% [markdown]
# 235,146 both ways. (realdata ships this class as `realdata.models.SimpleMLP`.)
#
# ## 7. Training: same heartbeat, new instruments
#
# The loop is the one you know. Cross-entropy replaced MSE, a DataLoader replaced
# raw tensors, and we add one human-readable instrument: **accuracy**, the fraction
# of images whose predicted class, `torch.argmax(outputs, dim=1)`, matches the label.
# `dim=1` is the class dimension of the `[B, 10]` outputs.


# %%
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    total_loss, correct, seen = 0.0, 0, 0
    for images, labels in loader:
        outputs = model(images)  # logits [B, 10]
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(labels)
        correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
        seen += len(labels)
    return total_loss / seen, correct / seen


# %% [markdown]
# The model optimises the loss; you, the human, read the accuracy. They usually move
# together, but not always in step: loss also rewards being *more confident* about
# answers that were already right, which accuracy cannot see.
#
# ## 8. Evaluation: three differences from training
#
# To measure the model on the test set:
#
# 1. `model.eval()`: dropout off and batch norm on its running averages (our simple
#    model has neither, but the improved one will, and the habit must come first);
# 2. `torch.no_grad()`: no graph is built, which saves memory and time;
# 3. no `zero_grad`, `backward` or `step`: we measure, we do not learn. And the test
#    loader does not shuffle: order does not matter when nothing is learned.


# %%
def evaluate(model, loader, loss_fn):
    model.eval()
    total_loss, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in loader:
            outputs = model(images)
            total_loss += loss_fn(outputs, labels).item() * len(labels)
            correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
            seen += len(labels)
    return total_loss / seen, correct / seen


# %% [markdown]
# (These two functions are `realdata.training.loop.train_one_epoch` and `evaluate`,
# line for line.) Five epochs:


# %%
def fit(model, optimizer, epochs=5, seed=0):
    loaders.generator.manual_seed(seed)
    history = []
    for epoch in range(1, epochs + 1):
        train_loss, train_acc = train_one_epoch(model, loaders.train, loss_fn, optimizer)
        test_loss, test_acc = evaluate(model, loaders.test, loss_fn)
        history.append(
            {
                "epoch": epoch,
                "train_loss": train_loss,
                "train_accuracy": train_acc,
                "test_loss": test_loss,
                "test_accuracy": test_acc,
            }
        )
        print(f"epoch {epoch}: train loss {train_loss:.4f}  train {train_acc:.2%}  test {test_acc:.2%}")
    return history


simple_history = fit(simple, optim.Adam(simple.parameters(), lr=1e-3))

# %% [markdown]
# Between 97% and 98% of digits it has never seen, after five passes over the data, from a
# network that knows nothing about images: it sees 784 numbers. (Convolutional
# networks, later in the course, push this past 99%; for a fully-connected network
# this is a result to celebrate.)
#
# ## 9. Looking at the predictions
#
# Numbers are not enough; look at what the model gets right and wrong. We take the
# first 24 right and the first 8 wrong predictions on the test set and title each
# with the prediction and its confidence (softmax, used here for display only):

# %%
simple.eval()
right_examples, wrong_examples = [], []
with torch.no_grad():
    for images, labels in loaders.test:
        probs = torch.softmax(simple(images), dim=1)
        confidence, predicted = probs.max(dim=1)
        for image, label, pred, conf in zip(images, labels, predicted, confidence):
            bucket = right_examples if pred == label else wrong_examples
            bucket.append((image, int(label), int(pred), float(conf)))

fig, axes = plt.subplots(4, 8, figsize=(12, 6.5))
for ax, (image, label, pred, conf) in zip(axes.flat, right_examples[:24] + wrong_examples[:8]):
    ax.imshow((image[0] * 0.3081 + 0.1307).numpy(), cmap="gray")
    title = f"{pred} ({conf:.0%})" if pred == label else f"{pred} ({conf:.0%}), is {label}"
    ax.set_title(title, color="green" if pred == label else "red", fontsize=9)
    ax.axis("off")
plt.tight_layout()
plt.show()

mean_right = sum(c for *_, c in right_examples) / len(right_examples)
mean_wrong = sum(c for *_, c in wrong_examples) / len(wrong_examples)
print(f"{len(wrong_examples)} mistakes in {loaders.n_test} test images")
print(f"mean confidence: right predictions {mean_right:.0%}, wrong predictions {mean_wrong:.0%}")

# %% [markdown]
# Look at the red ones: many are digits a person would hesitate over too, a loop
# left open, a stray stroke, a 4 that is nearly a 9. The model hesitates as well: it
# is far less confident on its mistakes than on its right answers. Errors cluster on
# genuinely ambiguous digits.
#
# ## 10. The improved model
#
# ### 10a. Architecture
#
# You met dropout and batch norm as ideas. Here they are as modules:
#
# * `nn.BatchNorm1d(features)` normalises each feature across the batch: batch
#   statistics in `model.train()`, running averages in `model.eval()`;
# * `nn.Dropout(p=0.3)` silences a random 30% of the activations in `model.train()`,
#   and nothing in `model.eval()`.
#
# Each hidden layer becomes **Linear -> BatchNorm -> ReLU -> Dropout**. The output
# layer stays a plain Linear: no batch norm, no activation, no dropout on the logits.


# %%
class ImprovedMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(),
            nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.3),  # hidden layer 1
            nn.Linear(256, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.3),  # hidden layer 2
            nn.Linear(128, 10),                                                    # output: logits
        )

    def forward(self, x):
        return self.net(x)


# %% [markdown]
# ### 10b. Training, with weight decay
#
# The third regulariser is L2 weight decay, one argument of the optimizer:
# `optim.Adam(..., weight_decay=1e-4)`. The loop itself does not change.

# %%
torch.manual_seed(0)
improved = ImprovedMLP()
improved_history = fit(improved, optim.Adam(improved.parameters(), lr=1e-3, weight_decay=1e-4))

# %% [markdown]
# Side by side, with the gap between train and test accuracy, the "scissors":

# %%
from realdata.run import epoch_table

print(epoch_table({"simple": simple_history, "improved": improved_history}))

# %% [markdown]
# The simple model's blades open: from epoch 2 its training accuracy runs ahead of its
# test accuracy, a sign that it starts memorising. The improved model keeps them
# closed, and its training accuracy stays *below* its test accuracy in every epoch.
# Neither is a bug, and two things are at work:
#
# * **The training accuracy is an average over the epoch**, counted batch by batch
#   while the weights are still improving; the test accuracy is measured once, after
#   the epoch, with the final weights. In epoch 1, when the model improves fastest,
#   that alone puts even the simple model's training accuracy below its test accuracy.
# * **Dropout is on while training is measured**: 30% of the improved network is
#   switched off for every training batch, while the test accuracy is measured in eval
#   mode with the whole network at work. That keeps its gap negative in every epoch.
#
# Regularisation made the model slightly worse at the training set and at least as
# good on unseen digits, which is the point.
#
# ### What forgetting `model.eval()` costs
#
# `evaluate` starts with `model.eval()`. Leave it out, and the improved model is
# measured with dropout still switching off 30% of its units, differently for every
# batch, and batch norm using each test batch's own statistics. Measure the same test
# set twice that way, on a copy (batch norm in training mode would also update the
# model's running averages):

# %%
import copy


def accuracy_forgetting_eval(model, loader):
    correct = 0
    with torch.no_grad():
        for images, labels in loader:  # no model.eval() before this loop
            correct += (torch.argmax(model(images), dim=1) == labels).sum().item()
    return correct / len(loader.dataset)


forgetful = copy.deepcopy(improved).train()  # the mode training left it in
first_try = accuracy_forgetting_eval(forgetful, loaders.test)
second_try = accuracy_forgetting_eval(forgetful, loaders.test)
_, with_eval = evaluate(improved, loaders.test, loss_fn)
print(f"without model.eval(): {first_try:.2%}, then {second_try:.2%} on the same test set")
print(f"with model.eval():    {with_eval:.2%}, every time")

# %% [markdown]
# Two different scores for the same model on the same images, both below the real
# one: the measurement itself is noisy and biased. That is the whole reason for
# `model.eval()`, and why every evaluation starts with it.
#
# ## Check 1: predict, then verify
#
# A 3-class model outputs logits `[2.0, -1.0, 0.5]`; the true class is 2.
#
# * **a.** Which class does it predict? `answer("2.check1.a", ...)`
# * **b.** Is it correct? `answer("2.check1.b", True or False)`
# * **c.** Is the cross-entropy loss high or low? `answer("2.check1.c", "high" or "low")`
#
# Answer first, then check with code:

# %%
# answer("2.check1.a", ...)

# %%
check_logits = torch.tensor([[2.0, -1.0, 0.5]])
print("predicted class:", torch.argmax(check_logits, dim=1).item())
print(f"loss: {nn.CrossEntropyLoss()(check_logits, torch.tensor([2])).item():.2f}")

# %% [markdown]
# ## Check 2: a friend's model
#
# A friend's MNIST model reaches 99.2% training accuracy and 96.8% test accuracy,
# and the gap grows every epoch. What is happening, and what would you change?
# `answer("2.check2", "...")` records your answer and shows ours.
#
# ## Summary
#
# * Classification outputs one **logit** per class; `torch.argmax(outputs, dim=1)`
#   picks the prediction.
# * **Softmax** is sigmoid for many classes: positive, summing to 1.
# * **Cross-entropy**, -log(p_correct), is wrongness score v2: a confidence penalty.
# * `nn.CrossEntropyLoss` takes raw logits and integer labels; never softmax first.
# * The loss is what the model optimises; accuracy is what you read.
# * Evaluation: `model.eval()`, `torch.no_grad()`, no updates, no shuffling.
# * Linear -> BatchNorm1d -> ReLU -> Dropout, plus weight decay, closes the scissors.
# * Same heartbeat, new instruments.
#
# Next: the project notebook, `02-mnist-project-exercises.ipynb`, where you build
# all of this yourself, step by step, each step checked.
