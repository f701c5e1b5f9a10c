"""MNIST batches served from tensors already on the device: the fast pipeline, moved once.

The fast pipeline's normalised training images (188 MB) and labels go to the device
once. Each epoch's order is still drawn on the CPU, from the same generator and with
the same draws a ``DataLoader`` over a ``RandomSampler`` makes (the iterator's base
seed, ``randperm``, and the sampler's closing ``randperm``), so the batches are the fast loader's,
value for value and in the same order, on any device. The permutation is copied to
the device once per epoch; a batch is then one ``index_select`` there, with no copy
from the host.
"""

from __future__ import annotations

from collections.abc import Iterator

import torch
from torch import Tensor

from realdata.data.loaders import Loaders, _lone_last


class DeviceBatches:
    """Batches of ``(images, labels)`` indexed on ``images.device``.

    Args:
        images: [N, 1, 28, 28] float32, normalised, on the device.
        labels: [N] int64, on the same device.
        shuffle: draw a new order each epoch from ``generator`` (the training set).
        generator: the CPU generator the fast loader shuffles with (saved in checkpoints).
    """

    def __init__(
        self,
        images: Tensor,
        labels: Tensor,
        batch_size: int,
        *,
        shuffle: bool,
        generator: torch.Generator | None = None,
    ) -> None:
        if shuffle and generator is None:
            raise ValueError("a shuffled DeviceBatches needs the CPU generator that orders the fast loader")
        self.images, self.labels = images, labels
        self.batch_size, self.shuffle, self.generator = batch_size, shuffle, generator
        self.drop_last = shuffle and _lone_last(len(labels), batch_size)

    @classmethod
    def from_loaders(
        cls, loaders: Loaders, device: torch.device | str
    ) -> tuple[DeviceBatches, DeviceBatches]:
        """The fast loaders' tensors, moved to ``device`` once: (train, test)."""
        if loaders.pipeline != "fast":
            raise ValueError("device-resident batches come from the fast pipeline's tensors")
        train, test = loaders.train.dataset, loaders.test.dataset
        return (
            cls(
                train.images.to(device),
                train.labels.to(device),
                loaders.train.sampler.batch_size,
                shuffle=True,
                generator=loaders.generator,
            ),
            cls(
                test.images.to(device),
                test.labels.to(device),
                loaders.test.sampler.batch_size,
                shuffle=False,
            ),
        )

    def __len__(self) -> int:
        n, b = len(self.labels), self.batch_size
        return n // b if self.drop_last else -(-n // b)

    def order(self) -> Tensor:
        """This epoch's sample order, on the device: the draws a DataLoader + RandomSampler make."""
        n = len(self.labels)
        if not self.shuffle:
            # a DataLoader without a generator draws its iterator's base seed from the global one,
            # as dropout does: the test loader's draw moves the next epoch's dropout masks
            torch.empty((), dtype=torch.int64).random_()
            return torch.arange(n, device=self.labels.device)
        torch.empty((), dtype=torch.int64).random_(generator=self.generator)  # the iterator's base seed
        return torch.randperm(n, generator=self.generator).to(self.labels.device, non_blocking=True)

    def __iter__(self) -> Iterator[tuple[Tensor, Tensor]]:
        order = self.order()  # one host-to-device copy per epoch
        n, b = len(self.labels), self.batch_size
        stop = n - n % b if self.drop_last else n
        for start in range(0, stop, b):
            index = order[start : start + b]
            yield (
                self.images.index_select(0, index),
                self.labels.index_select(0, index),
            )  # [B, 1, 28, 28], [B]
        if self.shuffle:
            # RandomSampler ends each pass with one more randperm (of the n % n = 0 samples left over);
            # drawing it too keeps the next epoch's order the fast loader's
            torch.randperm(n, generator=self.generator)
