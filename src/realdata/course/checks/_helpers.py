"""Small tools the checks share: find a learner's object, call it, describe a value."""

from __future__ import annotations

import math
from typing import Any

import torch

from realdata.course.model import CheckFailed, Namespace


def need(ns: Namespace, name: str, *, what: str = "") -> Any:
    """The learner's object ``name``, or a failure saying how to make it exist."""
    if name not in ns:
        raise CheckFailed(f"I can't find `{name}`{what}: did you run the cell that defines it?")
    return ns[name]


def need_callable(ns: Namespace, name: str) -> Any:
    obj = need(ns, name)
    if not callable(obj):
        raise CheckFailed(f"`{name}` should be a function or class, but it is a {type(obj).__name__}")
    return obj


def shape(x: Any) -> str:
    """A learner-friendly description of a value's shape: '[8, 1]', 'a float', ..."""
    if isinstance(x, torch.Tensor):
        return "[" + ", ".join(str(d) for d in x.shape) + "]"
    return f"a {type(x).__name__}"


def as_pair(sample: Any, where: str) -> tuple[Any, Any]:
    """Unpack an (input, target) sample, failing clearly if it is something else."""
    if isinstance(sample, dict):
        raise CheckFailed(
            f"{where} returned a dict; return a tuple `(x, y)` so a DataLoader gives `for x, y in loader`"
        )
    if not isinstance(sample, tuple | list) or len(sample) != 2:
        got = f"a {type(sample).__name__}" + (
            f" of length {len(sample)}" if isinstance(sample, tuple | list) else ""
        )
        raise CheckFailed(f"{where} returned {got}; it must return one pair `(x, y)`")
    return sample[0], sample[1]


def close(a: float, b: float, tol: float = 1e-5) -> bool:
    return math.isclose(float(a), float(b), rel_tol=tol, abs_tol=tol)
