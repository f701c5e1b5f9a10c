"""Fixtures the lesson 2 checks share."""

from __future__ import annotations

from functools import cache

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

LESSON = "mnist-project"


@cache
def _mnist_slice(n: int = 512, train: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """The first ``n`` normalised images [n, 1, 28, 28] and labels [n] of a split."""
    from realdata.data.loaders import mnist_datasets, normalize_uint8
    from realdata.data.mnist import default_root

    train_set, test_set = mnist_datasets(default_root())
    ds = train_set if train else test_set
    return normalize_uint8(ds.data[:n]), ds.targets[:n].clone()


def _loader(n: int = 512, batch_size: int = 64, train: bool = True, shuffle: bool = False) -> DataLoader:
    x, y = _mnist_slice(n, train)
    return DataLoader(
        TensorDataset(x, y),
        batch_size=batch_size,
        shuffle=shuffle,
        generator=torch.Generator().manual_seed(0),
    )


def _reference_model(seed: int = 0) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(
        nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)
    )
