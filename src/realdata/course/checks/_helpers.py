"""Small tools the checks share: find a learner's object, call it, describe a value."""

from __future__ import annotations

import math
from typing import Any

import torch

from realdata.course.model import CheckFailed, Namespace, NotStarted


def need(ns: Namespace, name: str, *, what: str = "") -> Any:
    """The learner's object ``name``, or a failure saying how to make it exist.

    The starter's placeholder ``...`` means the exercise is not started yet (NotStarted), not that it is wrong.
    """
    if name not in ns:
        raise CheckFailed(f"I can't find `{name}`{what}: did you run the cell that defines it?")
    if ns[name] is Ellipsis:
        raise NotStarted(name)
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


class ModeTrace:
    """Records, for every forward call of every submodule, whether it ran in training mode and with grad.

    Checks ask it what happened while the learner's code ran, not how the code is written: a model set
    to eval mode with ``model.training = False`` leaves its Dropout in training mode, and the trace shows
    it. Use as a context manager around the learner's call; the hooks are removed on exit.
    """

    def __init__(self, model: torch.nn.Module) -> None:
        self.calls: list[tuple[str, bool, bool]] = []  # (submodule name, training, grad enabled)
        self._handles = [m.register_forward_pre_hook(self._hook(type(m).__name__)) for m in model.modules()]

    def _hook(self, name: str):  # noqa: ANN202
        def record(module: torch.nn.Module, args: tuple) -> None:
            self.calls.append((name, module.training, torch.is_grad_enabled()))

        return record

    def __enter__(self) -> ModeTrace:
        return self

    def __exit__(self, *exc: object) -> None:
        for h in self._handles:
            h.remove()

    @staticmethod
    def _telling(kinds: set[str]) -> list[str]:
        """The layers whose mode changes what they compute (dropout, batch norm), if any are among them."""
        telling = {k for k in kinds if "Dropout" in k or "BatchNorm" in k}
        return sorted(telling or kinds)

    def in_eval(self) -> list[str]:
        """Kinds of submodule that ran at least once in eval mode."""
        return self._telling({name for name, training, _ in self.calls if not training})

    def in_train(self) -> list[str]:
        """Kinds of submodule that ran at least once in training mode."""
        return self._telling({name for name, training, _ in self.calls if training})

    def with_grad(self) -> bool:
        return any(grad for _, _, grad in self.calls)


def calls_of(fn: Any) -> tuple[Any, list[int]]:
    """``fn`` wrapped to count its calls: (wrapper, [count])."""
    count = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return fn(*args, **kwargs)

    return wrapper, count


def expect_number(got: Any, example: float, name: str, *, what: str = "returned") -> None:
    """A learner's value must be a number; if it is another type, say so plainly (never crash formatting it)."""
    if isinstance(got, bool) or not isinstance(got, int | float):
        kind = "a tensor" if isinstance(got, torch.Tensor) else f"a {type(got).__name__} ({got!r})"
        raise CheckFailed(f"{name} {what} {kind}; expected a number like {example}")


def expect_int(got: Any, want: int, name: str, *, what: str = "returned") -> None:
    """A count must be a number (a Python int, or a float with an integer value)."""
    expect_number(got, want, name, what=what)
    if not float(got).is_integer():
        raise CheckFailed(f"{name} {what} {got!r}; a count is a whole number, like {want}")


def trace_calls(
    model: torch.nn.Module, x: torch.Tensor, kinds: tuple[type, ...]
) -> list[tuple[Any, Any, Any]]:
    """Run ``model(x)`` (eval mode, no grad) and return (module, input, output) for each call of a submodule
    of one of ``kinds``, in the order they ran: the layer order the forward pass really follows, whatever
    the order of declaration, and however the activations between them are written."""
    seen: list[tuple[Any, Any, Any]] = []
    handles = [
        m.register_forward_hook(lambda mod, args, out: seen.append((mod, args[0].detach(), out.detach())))
        for m in model.modules()
        if isinstance(m, kinds)
    ]
    was_training = model.training
    try:
        model.eval()
        with torch.no_grad():
            out = model(x)
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
    seen.append((None, out.detach() if isinstance(out, torch.Tensor) else out, None))
    return seen


def between(before: torch.Tensor, after: torch.Tensor) -> str | None:
    """What turned one layer's output into the next layer's input: 'ReLU', 'nothing', ... or None (unknown)."""
    if before.shape != after.shape:
        return None
    for name, fn in (
        ("ReLU", torch.relu),
        ("nothing", lambda t: t),
        ("Sigmoid", torch.sigmoid),
        ("Tanh", torch.tanh),
        ("softmax", lambda t: torch.softmax(t, dim=1)),
        ("log_softmax", lambda t: torch.log_softmax(t, dim=1)),
    ):
        if torch.allclose(after, fn(before), atol=1e-5):
            return name
    return None
