"""Exercise 1.2 (Loading MNIST): the checks."""

from __future__ import annotations

import torch
from torch.utils.data import DataLoader

from realdata.course.checks._helpers import need, shape
from realdata.course.model import CheckFailed, Namespace, Test

MEAN, STD = 0.1307, 0.3081


def t12_names(ns: Namespace) -> None:
    for name in ("transform", "train_set", "test_set", "train_loader", "test_loader"):
        if ns.get(name) is None or ns.get(name) is Ellipsis:
            if name in ns:
                raise NotImplementedError
            need(ns, name)


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


def _expect_normalised(ds, name: str, index: int) -> None:  # noqa: ANN001
    """``ds[index]`` is the stored image as ToTensor + Normalize(MEAN, STD) makes it, with an int label."""
    x, y = ds[index]
    if not isinstance(x, torch.Tensor):
        raise CheckFailed(f"{name}[{index}] gives {shape(x)}, not a tensor: the transform needs ToTensor()")
    if tuple(x.shape) != (1, 28, 28) or x.dtype != torch.float32:
        raise CheckFailed(
            f"an image of {name} should be a float32 tensor of shape [1, 28, 28]; got {x.dtype} {shape(x)}"
        )
    raw = ds.data[index].float() / 255
    if torch.allclose(x[0], raw, atol=1e-5):
        raise CheckFailed(
            f"{name}'s pixel values run from 0 to 1: add Normalize((0.1307,), (0.3081,)) after ToTensor()"
        )
    if torch.allclose(x[0], (raw - STD) / MEAN, atol=1e-4):
        raise CheckFailed(f"{name} is normalised with mean and std swapped: Normalize((0.1307,), (0.3081,))")
    if not torch.allclose(x[0], (raw - MEAN) / STD, atol=1e-5):
        raise CheckFailed(
            f"{name}'s normalised pixels are off: use Normalize((0.1307,), (0.3081,)), MNIST's mean and std"
        )
    if not isinstance(y, int):
        raise CheckFailed(
            f"labels should stay integers; {name}[{index}] gives a label of type {type(y).__name__}"
        )


def t12_transform(ns: Namespace) -> None:
    for name in ("train_set", "test_set"):
        ds = ns[name]
        if ds.transform is None:
            raise CheckFailed(f"{name} has no transform: pass transform=transform to datasets.MNIST")
        for index in (0, len(ds) - 1):
            _expect_normalised(ds, name, index)


def _labels_of_first_batch(loader: DataLoader) -> torch.Tensor:
    return next(iter(loader))[1]


def t12_train_loader(ns: Namespace) -> None:
    loader = ns["train_loader"]
    if not isinstance(loader, DataLoader):
        raise CheckFailed(f"train_loader should be a DataLoader, not a {type(loader).__name__}")
    if loader.dataset is not ns["train_set"]:
        raise CheckFailed("train_loader does not wrap train_set: DataLoader(train_set, ...)")
    x, y = next(iter(loader))
    if tuple(x.shape) != (64, 1, 28, 28):
        raise CheckFailed(
            f"a training batch has shape {shape(x)}; with batch_size=64 it should be [64, 1, 28, 28]"
        )
    if ((x.mean() - 0).abs() > 0.3) or ((x.std() - 1).abs() > 0.3):
        raise CheckFailed(
            f"a training batch has mean {x.mean():.2f} and std {x.std():.2f}; normalised MNIST gives about 0 and 1"
        )
    in_order = ns["train_set"].targets[:64]
    second = _labels_of_first_batch(loader)
    if torch.equal(y, in_order) and torch.equal(second, in_order):
        raise CheckFailed("train_loader does not shuffle: pass shuffle=True so every epoch sees a new order")
    if torch.equal(second, y):
        raise CheckFailed(
            "two epochs started with the same batch: train_loader should reshuffle (shuffle=True)"
        )


def t12_test_loader(ns: Namespace) -> None:
    loader = ns["test_loader"]
    if not isinstance(loader, DataLoader) or loader.dataset is not ns["test_set"]:
        raise CheckFailed("test_loader should be DataLoader(test_set, ...)")
    x, y = next(iter(loader))
    if not torch.equal(y, ns["test_set"].targets[: len(y)]):
        raise CheckFailed(
            "test_loader shuffles. The test set is only measured, never learned from: use shuffle=False"
        )
    if ((x.mean() - 0).abs() > 0.3) or ((x.std() - 1).abs() > 0.3):
        raise CheckFailed(
            f"a test batch has mean {x.mean():.2f} and std {x.std():.2f}; normalised MNIST gives about 0 and 1: "
            "the test split needs the same transform as the training split"
        )


TESTS = (
    Test("transform, datasets and loaders are defined", t12_names),
    Test("train and test splits", t12_splits),
    Test("each image is transformed on access: float32 [1, 28, 28], normalised", t12_transform),
    Test("train_loader: batches of 64, reshuffled each epoch", t12_train_loader),
    Test("test_loader: in order", t12_test_loader),
)
