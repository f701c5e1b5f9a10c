"""Checks shared by the exercises that load MNIST (1.2, 2.1): read from what the loaders hand out."""

from __future__ import annotations

import torch
from torch.utils.data import DataLoader

from realdata.course.checks._helpers import shape
from realdata.course.model import CheckFailed

MEAN, STD = 0.1307, 0.3081


def _why_off(x: torch.Tensor) -> str:
    """The likeliest cause of badly normalised pixels, from their statistics."""
    if x.min() >= 0 and x.max() <= 1:
        return "pixel values run from 0 to 1: add Normalize((0.1307,), (0.3081,)) after ToTensor()"
    if torch.allclose(x.min(), torch.tensor(-1.0), atol=1e-3):
        return "the pixels run from -1 to 1, as Normalize((0.5,), (0.5,)) makes them: use MNIST's own mean and std, Normalize((0.1307,), (0.3081,))"
    if torch.allclose(x.min(), torch.tensor((0 - STD) / MEAN), atol=1e-3):
        return "mean and std are swapped: Normalize((0.1307,), (0.3081,)) takes the mean first"
    if x.max() > 100:
        return "the pixels are not scaled to [0, 1] before normalising: ToTensor() first, then Normalize"
    return "use ToTensor() and then Normalize((0.1307,), (0.3081,)), MNIST's mean and std"


def expect_normalised_sample(ds, name: str, index: int) -> None:  # noqa: ANN001
    """``ds[index]`` is the stored image as ToTensor + Normalize(MEAN, STD) makes it, with an int label."""
    x, y = ds[index]
    if not isinstance(x, torch.Tensor):
        raise CheckFailed(f"{name}[{index}] gives {shape(x)}, not a tensor: the transform needs ToTensor()")
    if tuple(x.shape) != (1, 28, 28) or x.dtype != torch.float32:
        raise CheckFailed(
            f"an image of {name} should be a float32 tensor of shape [1, 28, 28]; got {x.dtype} {shape(x)}"
        )
    raw = ds.data[index].float() / 255
    if not torch.allclose(x[0], (raw - MEAN) / STD, atol=1e-5):
        raise CheckFailed(f"{name}: {_why_off(x)}")
    if not isinstance(y, int):
        raise CheckFailed(
            f"labels should stay integers; {name}[{index}] gives a label of type {type(y).__name__}"
        )


def expect_normalised_batch(loader: DataLoader, name: str) -> tuple[torch.Tensor, torch.Tensor]:
    """The first batch of ``loader``: images [B, 1, 28, 28] float32 whose statistics are normalised MNIST's."""
    try:
        x, y = next(iter(loader))
    except Exception as exc:  # noqa: BLE001 - the learner's loader failed: say so, with its own words
        raise CheckFailed(f"taking a batch from {name} raised {type(exc).__name__}: {exc}") from None
    if not isinstance(x, torch.Tensor) or x.dim() != 4 or tuple(x.shape[1:]) != (1, 28, 28):
        raise CheckFailed(f"a batch of {name} has images of shape {shape(x)}; expected [B, 1, 28, 28]")
    if x.dtype != torch.float32 or y.dtype != torch.int64:
        raise CheckFailed(f"{name}: images should be float32 and labels int64; got {x.dtype} and {y.dtype}")
    if abs(float(x.mean())) > 0.25 or abs(float(x.std()) - 1) > 0.25:
        raise CheckFailed(
            f"a batch of {name} has mean {float(x.mean()):.2f} and std {float(x.std()):.2f}, where normalised "
            f"MNIST gives about 0 and 1: {_why_off(x)}"
        )
    return x, y


def expect_shuffled(loader: DataLoader, name: str) -> None:
    """Two passes start with different batches, and neither is the dataset's own order."""
    first = next(iter(loader))[1]
    second = next(iter(loader))[1]
    targets = getattr(loader.dataset, "targets", None)
    in_order = isinstance(targets, torch.Tensor) and torch.equal(first, targets[: len(first)])
    if in_order or torch.equal(first, second):
        raise CheckFailed(
            f"{name} does not shuffle: pass shuffle=True so every epoch sees a new random order"
        )


def expect_in_order(loader: DataLoader, name: str) -> None:
    """The loader hands out its dataset in order: the same first batch every time, the dataset's first samples."""
    first = next(iter(loader))[1]
    second = next(iter(loader))[1]
    targets = getattr(loader.dataset, "targets", None)
    shuffled = not torch.equal(first, second) or (
        isinstance(targets, torch.Tensor) and not torch.equal(first, targets[: len(first)])
    )
    if shuffled:
        raise CheckFailed(
            f"{name} shuffles. The test set is only measured, never learned from: use shuffle=False"
        )
