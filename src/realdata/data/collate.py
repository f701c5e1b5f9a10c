"""Collation that explains itself when samples do not fit together.

A DataLoader turns a list of samples into one batch with ``torch.stack``, which
needs every sample to have the same shape. When one does not, PyTorch says
``stack expects each tensor to be equal size`` and nothing about which sample.
``explain_collate`` is a drop-in ``collate_fn`` that says which positions and
dataset indices differ, and ``find_shape_mismatches`` scans a dataset for them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import torch
from torch.utils.data import Dataset
from torch.utils.data.dataloader import default_collate


class CollateError(RuntimeError):
    """Samples of one batch have different shapes; the message says which."""


def _shapes(sample: Any) -> tuple:
    """The shape of each tensor in a sample: ((1,), ()) for (tensor[1], int)."""
    parts = sample if isinstance(sample, tuple | list) else (sample,)
    return tuple(tuple(p.shape) if isinstance(p, torch.Tensor) else type(p).__name__ for p in parts)


def _show(shapes: tuple) -> str:
    """((1,), (1,)) -> '([1], [1])', as the lessons write shapes."""
    parts = ["[" + ", ".join(map(str, s)) + "]" if isinstance(s, tuple) else s for s in shapes]
    return "(" + ", ".join(parts) + ")"


def describe_mismatch(samples: Sequence[Any], indices: Sequence[int] | None = None) -> str:
    """Say which samples of a batch differ from the most common shape, and how."""
    shapes = [_shapes(s) for s in samples]
    common, count = Counter(shapes).most_common(1)[0]
    odd = [i for i, s in enumerate(shapes) if s != common]
    labels = [f"index {indices[i]}" if indices is not None else f"position {i}" for i in odd]
    shown = ", ".join(f"{lab} is {_show(shapes[i])}" for lab, i in zip(labels[:5], odd[:5], strict=True))
    more = f" (and {len(odd) - 5} more)" if len(odd) > 5 else ""
    return (
        f"cannot stack this batch into one tensor: {count} of {len(samples)} samples are "
        f"{_show(common)}, but {shown}{more}. Every sample must return tensors of the same shape: "
        "check __getitem__ for those indices."
    )


def explain_collate(samples: list[Any]) -> Any:
    """``default_collate``, but a shape mismatch names the odd samples and their shapes.

    Use it as ``DataLoader(dataset, batch_size=..., collate_fn=explain_collate)``.
    """
    try:
        return default_collate(samples)
    except RuntimeError as exc:
        if len({_shapes(s) for s in samples}) > 1:
            raise CollateError(describe_mismatch(samples)) from exc
        raise


def find_shape_mismatches(dataset: Dataset, *, limit: int | None = None) -> dict[tuple, list[int]]:
    """Group a dataset's indices by sample shape: one key means every sample fits.

    Args:
        limit: look at only the first ``limit`` samples.

    Returns:
        ``{shapes: [indices]}``, most common shape first.
    """
    groups: dict[tuple, list[int]] = {}
    n = len(dataset) if limit is None else min(limit, len(dataset))  # type: ignore[arg-type]
    for i in range(n):
        groups.setdefault(_shapes(dataset[i]), []).append(i)
    return dict(sorted(groups.items(), key=lambda kv: -len(kv[1])))


def diagnose_batches(loader) -> str | None:  # noqa: ANN001 - any map-style DataLoader
    """Replay ``loader``'s batches one by one and explain the first that cannot be collated.

    Unlike the error from inside a DataLoader, this knows the dataset indices.

    Returns:
        An explanation naming the indices and shapes, or None if every batch collates.
    """
    for indices in loader.batch_sampler:
        samples = [loader.dataset[i] for i in indices]
        try:
            default_collate(samples)
        except RuntimeError:
            if len({_shapes(s) for s in samples}) > 1:
                return describe_mismatch(samples, indices)
            raise
    return None
