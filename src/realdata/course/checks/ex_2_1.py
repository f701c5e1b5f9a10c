"""Exercise 2.1 (Step 1: load MNIST): the checks."""

from __future__ import annotations

import torch
from torch.utils.data import DataLoader, RandomSampler, SequentialSampler

from realdata.course.checks._helpers import need, shape
from realdata.course.model import CheckFailed, Namespace, Test


def t21_defined(ns: Namespace) -> None:
    for name in ("train_loader", "test_loader"):
        if ns.get(name) is Ellipsis:
            raise NotImplementedError
        if not isinstance(need(ns, name), DataLoader):
            raise CheckFailed(f"`{name}` should be a DataLoader, not a {type(ns[name]).__name__}")


def t21_sizes(ns: Namespace) -> None:
    train, test = ns["train_loader"], ns["test_loader"]
    if len(train.dataset) == 10_000 and len(test.dataset) == 60_000:
        raise CheckFailed("train_loader holds 10,000 images and test_loader 60,000: the splits are swapped")
    if len(train.dataset) != 60_000 or len(test.dataset) != 10_000:
        raise CheckFailed(
            f"train_loader holds {len(train.dataset)} images and test_loader {len(test.dataset)}; "
            "MNIST has 60,000 training and 10,000 test images"
        )


def t21_batches(ns: Namespace) -> None:
    images, labels = next(iter(ns["train_loader"]))
    if tuple(images.shape) != (64, 1, 28, 28):
        raise CheckFailed(
            f"a training batch has shape {shape(images)}; expected [64, 1, 28, 28] (batch_size=64)"
        )
    if images.dtype != torch.float32 or labels.dtype != torch.int64:
        raise CheckFailed(f"images should be float32 and labels int64; got {images.dtype} and {labels.dtype}")
    if images.min() >= 0:
        raise CheckFailed("pixel values are all >= 0: normalise with Normalize((0.1307,), (0.3081,))")


def t21_shuffling(ns: Namespace) -> None:
    if not isinstance(ns["train_loader"].sampler, RandomSampler):
        raise CheckFailed(
            "train_loader does not shuffle: shuffle=True, so each epoch sees a new random order"
        )
    if not isinstance(ns["test_loader"].sampler, SequentialSampler):
        raise CheckFailed(
            "test_loader shuffles. Evaluation only measures; shuffling the test set changes nothing but "
            "makes results harder to compare: shuffle=False"
        )


TESTS = (
    Test("train_loader and test_loader are DataLoaders", t21_defined),
    Test("60,000 training and 10,000 test images", t21_sizes),
    Test("batches of [64, 1, 28, 28], normalised", t21_batches),
    Test("shuffle the training data, not the test data", t21_shuffling),
)
