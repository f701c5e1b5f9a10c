"""Exercise 3.6 (Capstone: find the 3 bugs): the checks."""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from realdata.course.checks._helpers import between, need_callable, trace_calls
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


class _Run:
    """One run of the learner's train_capstone: the doctor's recording, what it returned, the modes seen."""

    def __init__(self, recorder, result, modes: list[tuple[str, bool, bool]], loaders) -> None:  # noqa: ANN001
        self.recording = recorder.recording
        self.result = result
        self.modes = modes  # (layer type, training, grad enabled) for every forward call of every layer
        self.loaders = loaders


def _watch_capstone(ns: Namespace) -> _Run:
    """Run the learner's train_capstone under the doctor's instruments (once per check run)."""
    from torch.nn.modules.module import register_module_forward_pre_hook

    from realdata.doctor.instrument import Recorder

    fn = need_callable(ns, "train_capstone")
    cached = ns.get("__capstone_record__")
    if cached is not None and cached[0] is fn:
        return cached[1]
    loaders = _capstone_loaders()
    modes: list[tuple[str, bool, bool]] = []
    handle = register_module_forward_pre_hook(
        lambda m, a: modes.append((type(m).__name__, m.training, torch.is_grad_enabled()))
    )
    torch.manual_seed(0)
    try:
        with Recorder() as rec:
            result = fn(*loaders, 2)
    finally:
        handle.remove()
    run = _Run(rec, result, modes, loaders)
    if isinstance(ns, dict):
        ns["__capstone_record__"] = (fn, run)
    return run


def _model_and_history(run: _Run) -> tuple[nn.Module, list]:
    result = run.result
    if not (isinstance(result, tuple | list) and len(result) == 2 and isinstance(result[0], nn.Module)):
        raise CheckFailed(
            f"train_capstone should still return (model, history); it returned {type(result).__name__}"
        )
    model, history = result
    if not isinstance(history, list) or len(history) != 2:
        raise CheckFailed(
            f"the history should hold one test accuracy per epoch (2 here); it holds {history!r}"
        )
    return model, history


def _fires(ns: Namespace, *categories: str) -> str | None:
    """The first of the doctor's rules that fires on the learner's capstone run, judged by what it did."""
    from realdata.doctor.registry import all_rules

    recording = _watch_capstone(ns).recording
    for category in categories:
        if all_rules()[category](recording).state == "fire":
            return category
    return None


def t36_softmax(ns: Namespace) -> None:
    run = _watch_capstone(ns)
    recording = run.recording
    train_losses = [c for c in recording.losses if c.grad and c.kind in {"cross_entropy", "nll"}]
    if not train_losses:
        raise CheckFailed(
            "train_capstone never computed a classification loss (cross-entropy or NLL) while training"
        )
    if _fires(ns, "softmax-before-cross-entropy"):
        raise CheckFailed("bug 1 is still there: probabilities, not logits, go into CrossEntropyLoss")
    model, _ = _model_and_history(run)
    x = run.loaders[1].dataset.tensors[0][:64]
    calls = trace_calls(model, x, (nn.Linear,))
    ending = between(calls[-2][2], calls[-1][1])
    kinds = {c.kind for c in train_losses}
    if ending == "log_softmax" and kinds == {"nll"}:
        return  # LogSoftmax + NLLLoss: the same loss as CrossEntropyLoss on logits
    if ending == "nothing" and kinds == {"nll"}:
        raise CheckFailed(
            "NLLLoss gets raw logits: it expects log-probabilities. Use CrossEntropyLoss on the logits "
            "(or LogSoftmax before NLLLoss)"
        )
    if ending != "nothing" or kinds != {"cross_entropy"}:
        out = calls[-1][1]
        what = ending or (
            "probabilities (a softmax over some dimension)"
            if bool(((out >= 0) & (out <= 1)).all())
            else "not the logits"
        )
        raise CheckFailed(
            f"bug 1 is still there: the model's output is {what}, not the last Linear's logits, and it goes into "
            "the loss. Remove the Softmax: CrossEntropyLoss applies log-softmax itself"
        )


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
    run = _watch_capstone(ns)
    if _fires(ns, "missing-eval-mode"):
        raise CheckFailed("bug 3 is still there: dropout is on while the test set is evaluated")
    trained_in_eval = [
        kind for kind, training, grad in run.modes if grad and not training and kind == "Dropout"
    ]
    if trained_in_eval:
        raise CheckFailed(
            "after the first evaluation the model trains in eval mode (dropout off): call model.train() at the "
            "start of every epoch, model.eval() before testing"
        )
    _expect_true_accuracy(run)


def _expect_true_accuracy(run: _Run) -> None:
    """The reported test accuracy is the returned model's accuracy on the test loader, in eval mode."""
    from realdata.training.loop import evaluate

    model, history = _model_and_history(run)
    _, accuracy = evaluate(model, run.loaders[1], nn.CrossEntropyLoss())
    last = history[-1]
    if not isinstance(last, int | float) or not math.isclose(float(last), accuracy, abs_tol=1e-6):
        raise CheckFailed(
            f"the last epoch reports a test accuracy of {last!r}, but the returned model scores {accuracy:.4f} on "
            "test_loader in eval mode: count the correct test predictions and divide by len(test_loader.dataset)"
        )


TESTS = (
    Test("bug 1: logits into CrossEntropyLoss", t36_softmax),
    Test("bug 2: gradients cleared every step", t36_zero_grad),
    Test("bug 3: evaluation in eval mode, and the accuracy it reports is the model's", t36_eval),
)
