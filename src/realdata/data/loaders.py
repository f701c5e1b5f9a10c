"""Two ways to feed MNIST to a model, yielding the very same batches.

* ``canonical`` is what the lessons teach: ``datasets.MNIST`` with
  ``Compose([ToTensor(), Normalize(...)])`` applied to one sample at a time in
  ``__getitem__``, batched by a ``DataLoader``. Clear, general, and slow on a
  laptop: most of each epoch goes into building 60,000 PIL images.
* ``fast`` normalises the whole split once into one tensor in memory, then
  lets a ``DataLoader`` hand out whole batches by indexing that tensor. It uses
  the same ``RandomSampler`` with the same seeded generator, and the same
  arithmetic as ``ToTensor`` + ``Normalize``, so the batches are equal, value for
  value and in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch
from torch import Tensor
from torch.utils.data import BatchSampler, DataLoader, Dataset, RandomSampler, SequentialSampler
from torchvision import datasets, transforms

from realdata.config import DataConfig

# The mean and standard deviation of MNIST's training pixels (after ToTensor's /255).
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081


def mnist_transform() -> transforms.Compose:
    """The lesson's per-sample transform: PIL image -> [1, 28, 28] float, normalised."""
    return transforms.Compose([transforms.ToTensor(), transforms.Normalize((MNIST_MEAN,), (MNIST_STD,))])


def normalize_uint8(images: Tensor) -> Tensor:
    """Apply ToTensor + Normalize to a whole uint8 stack at once.

    Same operations in the same order as the per-sample transform (divide by
    255, subtract the mean, divide by the std, all in float32), so the values
    are bit-for-bit equal.

    Args:
        images: uint8 [N, 28, 28].

    Returns:
        float32 [N, 1, 28, 28].
    """
    x = images.unsqueeze(1).to(torch.float32).div(255)  # [N, 1, 28, 28], in [0, 1]
    return x.sub_(MNIST_MEAN).div_(MNIST_STD)


class InMemoryBatches(Dataset):
    """A dataset indexed by a *list* of indices, returning a whole batch at once.

    Used with ``DataLoader(..., sampler=BatchSampler(...), batch_size=None)``: the
    loader's sampler chooses the indices exactly as it would for per-sample
    loading, and one tensor indexing replaces 64 ``__getitem__`` calls + collation.
    """

    def __init__(self, images: Tensor, labels: Tensor) -> None:
        self.images = images  # [N, 1, 28, 28] float32, already normalised
        self.labels = labels  # [N] int64

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, indices: list[int]) -> tuple[Tensor, Tensor]:
        index = torch.as_tensor(indices)
        # index_select gathers whole rows; it is 2-3x faster than images[index] here.
        return self.images.index_select(0, index), self.labels.index_select(0, index)  # [B, 1, 28, 28], [B]

    def __repr__(self) -> str:
        return f"InMemoryBatches(n={len(self)}, images={tuple(self.images.shape)})"


@dataclass
class Loaders:
    """The training and test loaders of one run, and what they hold."""

    train: DataLoader
    test: DataLoader
    pipeline: str
    generator: torch.Generator  # drives training shuffles; saved in checkpoints

    @property
    def n_train(self) -> int:
        return len(self.train.dataset)  # type: ignore[arg-type]

    @property
    def n_test(self) -> int:
        return len(self.test.dataset)  # type: ignore[arg-type]


def mnist_datasets(root: Path, *, transform=None) -> tuple[datasets.MNIST, datasets.MNIST]:  # noqa: ANN001
    """torchvision's MNIST train and test sets from ``root`` (never downloads)."""
    train = datasets.MNIST(str(root), train=True, download=False, transform=transform)
    test = datasets.MNIST(str(root), train=False, download=False, transform=transform)
    return train, test


def make_loaders(
    root: Path,
    *,
    pipeline: str = "fast",
    batch_size: int = 64,
    seed: int = 0,
    limit: int | None = None,
    test_batch_size: int = 1000,
) -> Loaders:
    """Build the training loader (shuffled) and test loader (in order) for MNIST.

    Args:
        root: data root holding ``MNIST/raw`` (see ``realdata.data.mnist.ensure``).
            The other arguments are the fields of ``DataConfig``, checked against its ranges.
        pipeline: ``"canonical"`` (per-sample transforms) or ``"fast"`` (in memory).
        batch_size: training batch size.
        seed: seeds the generator that shuffles the training data each epoch.
        limit: use only the first ``limit`` samples of each split. If that leaves a last training
            batch of a single image, it is dropped (batch norm cannot train on one image).
        test_batch_size: evaluation batch size (it does not change the results).
    """
    DataConfig(
        pipeline=pipeline, batch_size=batch_size, seed=seed, limit=limit
    )  # ConfigError if out of range
    generator = torch.Generator().manual_seed(seed)

    if pipeline == "canonical":
        train_set, test_set = mnist_datasets(root, transform=mnist_transform())
        if limit is not None:
            train_set = torch.utils.data.Subset(train_set, range(min(limit, len(train_set))))
            test_set = torch.utils.data.Subset(test_set, range(min(limit, len(test_set))))
        # The lesson's idiom: shuffle the training data, never the test data.
        train = DataLoader(
            train_set,
            batch_size=batch_size,
            shuffle=True,
            generator=generator,
            drop_last=_lone_last(len(train_set), batch_size),
        )
        test = DataLoader(test_set, batch_size=test_batch_size, shuffle=False)
        return Loaders(train, test, pipeline, generator)

    raw_train, raw_test = mnist_datasets(root)
    splits = []
    for raw in (raw_train, raw_test):
        images, labels = raw.data, raw.targets  # uint8 [N, 28, 28], int64 [N]
        if limit is not None:
            images, labels = images[:limit], labels[:limit]
        splits.append(InMemoryBatches(normalize_uint8(images), labels))
    train_set, test_set = splits
    # Same RandomSampler and generator as shuffle=True above, so the same order.
    train_sampler = BatchSampler(
        RandomSampler(train_set, generator=generator), batch_size, _lone_last(len(train_set), batch_size)
    )
    test_sampler = BatchSampler(SequentialSampler(test_set), test_batch_size, False)
    train = DataLoader(train_set, sampler=train_sampler, batch_size=None, generator=generator)
    test = DataLoader(test_set, sampler=test_sampler, batch_size=None)
    return Loaders(train, test, pipeline, generator)


def _lone_last(n: int, batch_size: int) -> bool:
    """Drop the last training batch if it would hold a single image (e.g. ``limit=65`` at batch 64).

    Batch norm (in ImprovedMLP) normalises each feature over the batch, and one image has no
    spread: training on it fails. MNIST's 60,000 images at batch 64 end with a batch of 32, so
    the lesson's numbers never meet this. ``batch_size=1`` keeps every batch (nothing to drop).
    """
    return batch_size > 1 and n % batch_size == 1
