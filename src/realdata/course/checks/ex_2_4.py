"""Exercise 2.4 (Step 4: evaluation): the checks."""

from __future__ import annotations

import torch
from torch import nn
from torch.utils.data import DataLoader

from realdata.course.checks._helpers import close, need, need_callable
from realdata.course.checks._lesson2 import _loader, _reference_model
from realdata.course.checks.ex_2_3 import _call
from realdata.course.model import CheckFailed, Namespace, Test


class _Probe(nn.Module):
    """A dropout model that records the mode and grad state of each forward call."""

    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(7)
        self.net = nn.Sequential(
            nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 10)
        )
        self.calls: list[tuple[bool, bool]] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.calls.append((self.training, torch.is_grad_enabled()))
        return self.net(x)


def _reference_eval(model: nn.Module, loader: DataLoader) -> tuple[float, float]:
    """The reference evaluation: realdata's own ``evaluate`` (the lesson's idiom)."""
    from realdata.training.loop import evaluate

    return evaluate(model, loader, nn.CrossEntropyLoss())


def t24_eval_mode(ns: Namespace) -> None:
    fn = need_callable(ns, "evaluate")
    probe = _Probe().train()
    loader = _loader(200, batch_size=50, train=False)
    first = _call(fn, probe, loader, nn.CrossEntropyLoss())
    if not probe.calls:
        raise CheckFailed("evaluate never ran the model on the loader's batches")
    if any(training for training, _ in probe.calls):
        second = fn(probe, loader, nn.CrossEntropyLoss())
        seen = f" (here: {first[1]:.3f}, then {second[1]:.3f})" if first != second else ""
        raise CheckFailed(
            "the model was still in training mode: call model.eval() first, or dropout stays on and the same "
            f"test set gives a different score each time{seen}"
        )


def t24_no_grad(ns: Namespace) -> None:
    probe = _Probe()
    ns["evaluate"](probe, _loader(100, batch_size=50, train=False), nn.CrossEntropyLoss())
    if any(grad for _, grad in probe.calls):
        raise CheckFailed("evaluation built an autograd graph: wrap the loop in `with torch.no_grad():`")


def t24_values(ns: Namespace) -> None:
    loader = _loader(300, batch_size=64, train=False)
    model = _reference_model(8)
    result = _call(ns["evaluate"], model, loader, nn.CrossEntropyLoss())
    if not (isinstance(result, tuple | list) and len(result) == 2):
        raise CheckFailed(f"evaluate should return (mean loss, accuracy); it returned {result!r}")
    loss, accuracy = (float(v) for v in result)
    ref_loss, ref_acc = _reference_eval(model, loader)
    if not close(accuracy, ref_acc, 1e-4):
        if accuracy > 1:
            raise CheckFailed(
                f"accuracy came out as {accuracy:.3f}, above 1: take torch.argmax(outputs, dim=1) (the class dimension), "
                "not dim=0, and divide by the number of samples"
            )
        raise CheckFailed(f"accuracy {accuracy:.4f}, expected {ref_acc:.4f} on the checker's 300 test images")
    if abs(loss - ref_loss) > 0.02:
        raise CheckFailed(f"mean loss {loss:.4f}, expected {ref_loss:.4f}")


def t24_test_set(ns: Namespace) -> None:
    for name in ("test_loss", "test_accuracy"):
        if ns.get(name) is Ellipsis:
            raise NotImplementedError
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
