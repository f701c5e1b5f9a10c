"""Exercise 2.4 (Step 4: evaluation): the checks."""

from __future__ import annotations

import torch
from torch import nn
from torch.utils.data import DataLoader

from realdata.course.checks._helpers import ModeTrace, close, need, need_callable
from realdata.course.checks._lesson2 import _loader, _reference_model
from realdata.course.checks.ex_2_3 import _call
from realdata.course.model import CheckFailed, Namespace, Test


def _probe_model() -> nn.Module:
    torch.manual_seed(7)
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 10))


def _reference_eval(
    model: nn.Module, loader: DataLoader, loss_fn: nn.Module | None = None
) -> tuple[float, float]:
    """The reference evaluation: realdata's own ``evaluate`` (the lesson's idiom)."""
    from realdata.training.loop import evaluate

    return evaluate(model, loader, loss_fn if loss_fn is not None else nn.CrossEntropyLoss())


def _batch_mean_loss(model: nn.Module, loader: DataLoader, loss_fn: nn.Module) -> float:
    model.eval()
    with torch.no_grad():
        losses = [loss_fn(model(x), y).item() for x, y in loader]
    return sum(losses) / len(losses)


def t24_eval_mode(ns: Namespace) -> None:
    fn = need_callable(ns, "evaluate")
    probe = _probe_model().train()
    loader = _loader(200, batch_size=50, train=False)
    with ModeTrace(probe) as trace:
        first = _call(fn, probe, loader, nn.CrossEntropyLoss())
    if not trace.calls:
        raise CheckFailed("evaluate never ran the model on the loader's batches")
    if trace.in_train():
        probe.train()
        second = fn(probe, loader, nn.CrossEntropyLoss())
        seen = f" (here: {first[1]:.3f}, then {second[1]:.3f})" if first != second else ""
        raise CheckFailed(
            f"layers still ran in training mode ({', '.join(trace.in_train())}): call model.eval() first (setting "
            "model.training = False does not reach the layers inside), or dropout stays on and the same test set "
            f"gives a different score each time{seen}"
        )


def t24_no_grad(ns: Namespace) -> None:
    probe = _probe_model()
    with ModeTrace(probe) as trace:
        ns["evaluate"](probe, _loader(100, batch_size=50, train=False), nn.CrossEntropyLoss())
    if trace.with_grad():
        raise CheckFailed("evaluation built an autograd graph: wrap the loop in `with torch.no_grad():`")


def t24_values(ns: Namespace) -> None:
    loader = _loader(300, batch_size=64, train=False)
    model = _reference_model(8)
    before = [p.detach().clone() for p in model.parameters()]
    smoothed = nn.CrossEntropyLoss(label_smoothing=0.1)  # not the default: shows whether loss_fn is used
    result = _call(ns["evaluate"], model, loader, smoothed)
    if not (isinstance(result, tuple | list) and len(result) == 2):
        raise CheckFailed(f"evaluate should return (mean loss, accuracy); it returned {result!r}")
    if any(isinstance(v, torch.Tensor) for v in result):
        raise CheckFailed("evaluate returned tensors; return plain numbers (.item())")
    if not all(torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True)):
        raise CheckFailed("evaluate changed the model's weights: evaluation only measures, it never steps")
    loss, accuracy = (float(v) for v in result)
    ref_loss, ref_acc = _reference_eval(model, loader, smoothed)
    if not close(accuracy, ref_acc, 1e-4):
        if accuracy > 1:
            raise CheckFailed(
                f"accuracy came out as {accuracy:.3f}, above 1: take torch.argmax(outputs, dim=1) (the class dimension), "
                "not dim=0, and divide by the number of samples"
            )
        raise CheckFailed(f"accuracy {accuracy:.4f}, expected {ref_acc:.4f} on the checker's 300 test images")
    if close(loss, _reference_eval(model, loader)[0], 1e-4) and not close(loss, ref_loss, 1e-4):
        raise CheckFailed(
            "evaluate ignores the loss_fn it is given (here CrossEntropyLoss(label_smoothing=0.1)): use loss_fn"
        )
    if not (close(loss, ref_loss, 1e-4) or close(loss, _batch_mean_loss(model, loader, smoothed), 1e-4)):
        raise CheckFailed(f"mean loss {loss:.4f}, expected {ref_loss:.4f}")


def t24_test_set(ns: Namespace) -> None:
    for name in ("test_loss", "test_accuracy"):
        need(ns, name, what=" (evaluate your trained model on test_loader)")
    model = need(ns, "model")
    expected_test = _reference_eval(model, need(ns, "test_loader"))[1]
    got = float(ns["test_accuracy"])
    if close(got, expected_test, 1e-4):
        return
    train_like = _reference_eval(model, _loader(2000, batch_size=500, train=True))[1]
    if got > expected_test + 0.002 and abs(got - train_like) < 0.01:
        raise CheckFailed(
            f"test_accuracy is {got:.4f}, but the model scores {expected_test:.4f} on test_loader: it looks like the "
            "training set was evaluated. Pass test_loader to evaluate"
        )
    raise CheckFailed(
        f"test_accuracy is {got:.4f}, but the model scores {expected_test:.4f} on test_loader now"
    )


TESTS = (
    Test("model.eval(): dropout off, the same score every time", t24_eval_mode),
    Test("torch.no_grad(): no autograd graph", t24_no_grad),
    Test("loss and accuracy match a reference evaluation", t24_values),
    Test("test_accuracy is measured on the test set", t24_test_set),
)
