"""Exercise 1.1 (A custom Dataset): the checks."""

from __future__ import annotations

import torch
from torch.utils.data import DataLoader, Dataset

from realdata.course.checks._helpers import as_pair, close, need_callable, shape
from realdata.course.model import CheckFailed, Namespace, Test


def _squares(ns: Namespace, n: int) -> Dataset:
    cls = need_callable(ns, "SquaresDataset")
    ds = cls(n)
    return ds


def t11_is_dataset(ns: Namespace) -> None:
    cls = need_callable(ns, "SquaresDataset")
    if not (isinstance(cls, type) and issubclass(cls, Dataset)):
        raise CheckFailed("`SquaresDataset` should be a class that subclasses torch.utils.data.Dataset")
    cls(5)  # constructing it must work (raises NotImplementedError if untouched)


def t11_len(ns: Namespace) -> None:
    for n in (37, 1, 250):
        got = len(_squares(ns, n))
        if got != n:
            hint = " (off by one?)" if abs(got - n) == 1 else ""
            raise CheckFailed(f"`__len__` returned {got} for SquaresDataset({n}); it should return {n}{hint}")


def t11_sample_shapes(ns: Namespace) -> None:
    ds = _squares(ns, 11)
    x, y = as_pair(ds[3], "`__getitem__`")
    for name, v in (("x", x), ("y", y)):
        if not isinstance(v, torch.Tensor):
            raise CheckFailed(f"{name} is {shape(v)}; return tensors so a DataLoader can stack them")
        if tuple(v.shape) != (1,):
            fix = (
                " (a scalar: index with a slice, self.x[i:i+1], or store the data as [n, 1])"
                if v.dim() == 0
                else ""
            )
            raise CheckFailed(f"{name} has shape {shape(v)} but each sample should have shape [1]{fix}")


def t11_dtype(ns: Namespace) -> None:
    x, y = _squares(ns, 9)[0]
    for name, v in (("x", x), ("y", y)):
        if v.dtype != torch.float32:
            raise CheckFailed(
                f"{name} is {v.dtype}; models use float32: build the data with torch "
                "(not numpy or Python floats) or call .float()"
            )


def t11_values(ns: Namespace) -> None:
    n = 21
    ds = _squares(ns, n)
    xs = torch.stack([ds[i][0] for i in range(n)])[:, 0]
    expected_x = torch.linspace(-1, 1, n)
    if not torch.allclose(xs, expected_x, atol=1e-6):
        raise CheckFailed(
            f"x should be {n} evenly spaced values from -1 to 1 (torch.linspace(-1, 1, n)); "
            f"sample 0 has x={xs[0].item():.3f} and the last x={xs[-1].item():.3f}"
        )
    for i in (0, 5, 13):
        x, y = ds[i]
        if not close(y.item(), x.item() ** 2, 1e-5):
            raise CheckFailed(f"y should be x squared: for x={x.item():.2f} you returned y={y.item():.4f}")


def t11_loader(ns: Namespace) -> None:
    ds = _squares(ns, 20)
    x, y = next(iter(DataLoader(ds, batch_size=8)))
    if tuple(x.shape) != (8, 1) or tuple(y.shape) != (8, 1):
        raise CheckFailed(
            f"a DataLoader with batch_size=8 gave x {shape(x)} and y {shape(y)}; expected [8, 1] each"
        )
    if len(DataLoader(ds, batch_size=8)) != 3:
        raise CheckFailed("20 samples in batches of 8 should give 3 batches")


def t11_hidden_large(ns: Namespace) -> None:
    ds = _squares(ns, 1001)
    ys = torch.stack([ds[i][1] for i in range(len(ds))])
    if not close(ys.mean().item(), 0.3343, 1e-3) or not close(ds[1000][0].item(), 1.0):
        raise CheckFailed("a large SquaresDataset does not hold x from -1 to 1 with y = x^2")


TESTS = (
    Test("SquaresDataset is a torch Dataset", t11_is_dataset),
    Test("__len__ counts the samples", t11_len),
    Test("a sample is a pair of shape-[1] tensors", t11_sample_shapes),
    Test("samples are float32", t11_dtype),
    Test("x runs evenly from -1 to 1 and y = x^2", t11_values),
    Test("a DataLoader batches it", t11_loader),
    Test("large sizes", t11_hidden_large, hidden=True),
)
