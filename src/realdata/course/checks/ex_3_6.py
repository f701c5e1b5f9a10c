"""Exercise 3.6 (Capstone: find the 3 bugs): the checks."""

from __future__ import annotations

import torch
from torch.utils.data import DataLoader, TensorDataset

from realdata.course.checks._helpers import need_callable
from realdata.course.model import CheckFailed, Namespace, Test


def _capstone_loaders() -> tuple[DataLoader, DataLoader]:
    from realdata.course.checks._lesson2 import _mnist_slice

    x, y = _mnist_slice(1024, train=True)
    xt, yt = _mnist_slice(512, train=False)
    g = torch.Generator().manual_seed(0)
    return (
        DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True, generator=g),
        DataLoader(TensorDataset(xt, yt), batch_size=256),
    )


def _watch_capstone(ns: Namespace):  # noqa: ANN202
    """Run the learner's train_capstone under the doctor's instruments (once per check run)."""
    from realdata.doctor.instrument import Recorder

    fn = need_callable(ns, "train_capstone")
    cached = ns.get("__capstone_record__")
    if cached is not None and cached[0] is fn:
        return cached[1]
    train_loader, test_loader = _capstone_loaders()
    torch.manual_seed(0)
    with Recorder() as rec:
        fn(train_loader, test_loader, 2)
    if isinstance(ns, dict):
        ns["__capstone_record__"] = (fn, rec)
    return rec


def _fires(ns: Namespace, *categories: str) -> str | None:
    """The first of the doctor's rules that fires on the learner's capstone run, judged by what it did."""
    from realdata.doctor.registry import all_rules

    recording = _watch_capstone(ns).recording
    for category in categories:
        if all_rules()[category](recording).state == "fire":
            return category
    return None


def t36_softmax(ns: Namespace) -> None:
    recording = _watch_capstone(ns).recording
    if not any(c.grad and c.kind in {"cross_entropy", "nll"} for c in recording.losses):
        raise CheckFailed(
            "train_capstone never computed a classification loss (cross-entropy or NLL) while training"
        )
    if _fires(ns, "softmax-before-cross-entropy"):
        raise CheckFailed("bug 1 is still there: probabilities, not logits, go into CrossEntropyLoss")


def t36_zero_grad(ns: Namespace) -> None:
    recording = _watch_capstone(ns).recording
    broken = _fires(ns, "missing-zero-grad", "missing-optimizer-step")
    if broken == "missing-zero-grad":
        raise CheckFailed(
            f"bug 2 is still there: gradients from earlier steps are still there when backward() runs "
            f"({recording.zero_grads} zero_grad() calls in {recording.steps} optimizer steps)"
        )
    if broken == "missing-optimizer-step":
        raise CheckFailed(
            "the weights never change: is zero_grad() between backward() and step()? It must come before backward()"
        )


def t36_eval(ns: Namespace) -> None:
    if _fires(ns, "missing-eval-mode"):
        raise CheckFailed("bug 3 is still there: dropout is on while the test set is evaluated")


def _capstone_starter() -> str:
    """The broken capstone, exactly as the exercise notebook's cell tagged exercise:3.6 holds it."""
    from importlib import resources

    source = (
        resources.files("realdata.course")
        .joinpath("lessons", "03-debugging-and-visualization-exercises.py")
        .read_text(encoding="utf-8")
    )
    cell = source.split('# %% tags=["exercise:3.6"]\n', 1)[1].split("\n# %%", 1)[0]
    return cell.strip() + "\n"


CAPSTONE_BROKEN = _capstone_starter()

CAPSTONE_FIXES = {
    "softmax": ("        nn.Linear(128, 10),\n        nn.Softmax(dim=1),\n", "        nn.Linear(128, 10),\n"),
    "zero_grad": (
        "            loss.backward()\n",
        "            optimizer.zero_grad()\n            loss.backward()\n",
    ),
    "eval": ("        correct = 0\n", "        model.eval()\n        correct = 0\n"),
}


def _fix(code: str, *which: str) -> str:
    for w in which:
        old, new = CAPSTONE_FIXES[w]
        code = code.replace(old, new)
    return code


TESTS = (
    Test("bug 1: logits into CrossEntropyLoss", t36_softmax),
    Test("bug 2: gradients cleared every step", t36_zero_grad),
    Test("bug 3: evaluation in eval mode", t36_eval),
)
