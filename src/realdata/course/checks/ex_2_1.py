"""Exercise 2.1 (Step 1: load MNIST): the checks."""

from __future__ import annotations

from torch.utils.data import DataLoader

from realdata.course.checks._helpers import need, shape
from realdata.course.checks._mnist import (
    expect_in_order,
    expect_normalised_batch,
    expect_normalised_sample,
    expect_shuffled,
)
from realdata.course.model import CheckFailed, Namespace, Test


def t21_defined(ns: Namespace) -> None:
    for name in ("train_loader", "test_loader"):
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
    images, _ = expect_normalised_batch(ns["train_loader"], "train_loader")
    if images.shape[0] != 64:
        raise CheckFailed(
            f"a training batch has shape {shape(images)}; expected [64, 1, 28, 28] (batch_size=64)"
        )
    expect_normalised_batch(ns["test_loader"], "test_loader")
    for name in ("train_loader", "test_loader"):
        ds = ns[name].dataset
        if hasattr(ds, "data") and getattr(ds, "transform", None) is not None:
            expect_normalised_sample(ds, f"{name}.dataset", len(ds) - 1)


def t21_shuffling(ns: Namespace) -> None:
    expect_shuffled(ns["train_loader"], "train_loader")
    expect_in_order(ns["test_loader"], "test_loader")


TESTS = (
    Test("train_loader and test_loader are DataLoaders", t21_defined),
    Test("60,000 training and 10,000 test images", t21_sizes),
    Test("batches of [64, 1, 28, 28], normalised in both splits", t21_batches),
    Test("shuffle the training data, not the test data", t21_shuffling),
)
