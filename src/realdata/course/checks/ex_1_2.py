"""Exercise 1.2 (Loading MNIST): the checks."""

from __future__ import annotations

import torch
from torch.utils.data import DataLoader

from realdata.course.checks._helpers import need, shape
from realdata.course.checks._mnist import (
    expect_in_order,
    expect_normalised_batch,
    expect_normalised_sample,
    expect_shuffled,
)
from realdata.course.model import CheckFailed, Namespace, Test


def t12_names(ns: Namespace) -> None:
    for name in ("transform", "train_set", "test_set", "train_loader", "test_loader"):
        if need(ns, name) is None:
            raise CheckFailed(f"`{name}` is None: assign it the object the exercise asks for")


def t12_splits(ns: Namespace) -> None:
    from torchvision import datasets

    train_set, test_set = ns["train_set"], ns["test_set"]
    for name, ds in (("train_set", train_set), ("test_set", test_set)):
        if isinstance(ds, torch.utils.data.TensorDataset):
            raise CheckFailed(
                f"{name} is a TensorDataset of tensors converted up front. Transforms belong in the "
                "dataset: pass transform= to datasets.MNIST so each image is converted when it is loaded"
            )
        if not isinstance(ds, datasets.MNIST):
            raise CheckFailed(f"{name} should be a torchvision datasets.MNIST, not a {type(ds).__name__}")
    if len(train_set) == 10_000 and len(test_set) == 60_000:
        raise CheckFailed(
            "train_set has 10,000 images and test_set 60,000: train=True and train=False are swapped"
        )
    if len(train_set) != 60_000:
        raise CheckFailed(
            f"train_set has {len(train_set)} images; the MNIST training split has 60,000 (train=True)"
        )
    if len(test_set) != 10_000:
        raise CheckFailed(
            f"test_set has {len(test_set)} images; the MNIST test split has 10,000 (train=False)"
        )


def t12_transform(ns: Namespace) -> None:
    for name in ("train_set", "test_set"):
        ds = ns[name]
        if ds.transform is None:
            raise CheckFailed(f"{name} has no transform: pass transform=transform to datasets.MNIST")
        for index in (0, len(ds) - 1):
            expect_normalised_sample(ds, name, index)


def t12_train_loader(ns: Namespace) -> None:
    loader = ns["train_loader"]
    if not isinstance(loader, DataLoader):
        raise CheckFailed(f"train_loader should be a DataLoader, not a {type(loader).__name__}")
    if loader.dataset is not ns["train_set"]:
        raise CheckFailed("train_loader does not wrap train_set: DataLoader(train_set, ...)")
    x, _ = expect_normalised_batch(loader, "train_loader")
    if x.shape[0] != 64:
        raise CheckFailed(
            f"a training batch has shape {shape(x)}; with batch_size=64 it should be [64, 1, 28, 28]"
        )
    expect_shuffled(loader, "train_loader")


def t12_test_loader(ns: Namespace) -> None:
    loader = ns["test_loader"]
    if not isinstance(loader, DataLoader) or loader.dataset is not ns["test_set"]:
        raise CheckFailed("test_loader should be DataLoader(test_set, ...)")
    expect_in_order(loader, "test_loader")
    expect_normalised_batch(loader, "test_loader")


TESTS = (
    Test("transform, datasets and loaders are defined", t12_names),
    Test("train and test splits", t12_splits),
    Test("each image is transformed on access: float32 [1, 28, 28], normalised", t12_transform),
    Test("train_loader: batches of 64, reshuffled each epoch", t12_train_loader),
    Test("test_loader: in order", t12_test_loader),
)
