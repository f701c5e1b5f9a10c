"""Exercise 2.3 (Step 3: the training loop): the checks."""

from __future__ import annotations

import torch
from torch import nn

from realdata.course.checks._helpers import ModeTrace, close, need_callable
from realdata.course.checks._lesson2 import _loader, _reference_model
from realdata.course.model import CheckFailed, Namespace, Test

WRONG_DIM = (
    "accuracy over the wrong dimension: torch.argmax(outputs, dim=0) picks a sample per class. Use dim=1, "
    "the class dimension of the [B, 10] outputs"
)


def _call(fn, *args):  # noqa: ANN001, ANN002, ANN202
    """Call the learner's function, naming the wrong-dimension argmax when it breaks broadcasting."""
    try:
        return fn(*args)
    except RuntimeError as exc:
        if "must match the size of tensor" in str(exc) and "(10)" in str(exc):
            raise CheckFailed(WRONG_DIM) from None
        raise


def _run_train(ns: Namespace, model, loader, lr=1e-3, optimizer_cls=torch.optim.Adam, loss_fn=None):  # noqa: ANN001, ANN202
    fn = need_callable(ns, "train_one_epoch")
    optimizer = optimizer_cls(model.parameters(), lr=lr)
    result = _call(fn, model, loader, loss_fn if loss_fn is not None else nn.CrossEntropyLoss(), optimizer)
    return result, optimizer


def _reference_epoch(model, loader, lr, *, softmax=False, zero_grad=True, loss_fn=None):  # noqa: ANN001, ANN202
    """The standard loop with SGD: (sample-weighted mean loss, accuracy, mean of the batch losses)."""
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = loss_fn if loss_fn is not None else nn.CrossEntropyLoss()
    total, correct, seen, batch_losses = 0.0, 0, 0, []
    for x, y in loader:
        out = model(x)
        loss = loss_fn(torch.softmax(out, dim=1) if softmax else out, y)
        if zero_grad:
            optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(y)
        batch_losses.append(loss.item())
        correct += (torch.argmax(out, dim=1) == y).sum().item()
        seen += len(y)
    return total / seen, correct / seen, sum(batch_losses) / len(batch_losses)


def _same_params(a: nn.Module, b: nn.Module) -> bool:
    return all(torch.allclose(p, q, atol=1e-5) for p, q in zip(a.parameters(), b.parameters(), strict=True))


def t23_returns(ns: Namespace) -> None:
    torch.manual_seed(0)
    result, _ = _run_train(ns, _reference_model(), _loader(128))
    if not (isinstance(result, tuple | list) and len(result) == 2):
        raise CheckFailed(f"train_one_epoch should return (mean loss, accuracy); it returned {result!r}")
    if any(isinstance(v, torch.Tensor) for v in result):
        raise CheckFailed("train_one_epoch returned tensors; return plain numbers (.item())")


def t23_matches_reference(ns: Namespace) -> None:
    """Same start, same batches, SGD: the learner's epoch must end with the standard loop's weights."""
    loader = _loader(256)
    mine, ref, soft, acc, plain = (_reference_model(3) for _ in range(5))
    smoothed = nn.CrossEntropyLoss(label_smoothing=0.1)  # not the default: shows whether loss_fn is used
    _run_train(ns, mine, loader, lr=0.05, optimizer_cls=torch.optim.SGD, loss_fn=smoothed)
    _reference_epoch(ref, loader, 0.05, loss_fn=smoothed)
    if _same_params(mine, ref):
        return
    _reference_epoch(plain, loader, 0.05)
    if _same_params(mine, plain):
        raise CheckFailed(
            "train_one_epoch ignores the loss_fn it is given (here CrossEntropyLoss(label_smoothing=0.1)): "
            "compute the loss with loss_fn(outputs, labels)"
        )
    _reference_epoch(soft, loader, 0.05, softmax=True, loss_fn=smoothed)
    if _same_params(mine, soft):
        raise CheckFailed(
            "softmax before CrossEntropyLoss: the loss applies log-softmax itself, so a second softmax squashes "
            "the gradients and learning crawls. Pass the raw outputs (logits) to the loss"
        )
    _reference_epoch(acc, loader, 0.05, zero_grad=False, loss_fn=smoothed)
    if _same_params(mine, acc):
        raise CheckFailed(
            "gradients add up across steps: call optimizer.zero_grad() every step, before backward()"
        )
    raise CheckFailed(
        "after one epoch the weights differ from the standard loop's (forward, loss, zero_grad, backward, step, "
        "once per batch)"
    )


def t23_metrics(ns: Namespace) -> None:
    loader = _loader(250)  # a smaller last batch (58): means over batches and over images differ
    mine, ref = _reference_model(4), _reference_model(4)
    (loss, accuracy), _ = _run_train(ns, mine, loader, lr=0.05, optimizer_cls=torch.optim.SGD)
    ref_loss, ref_acc, ref_batch_mean = _reference_epoch(ref, loader, 0.05)
    if accuracy > 1 and close(accuracy / 100, ref_acc, 1e-4):
        raise CheckFailed(
            f"accuracy {accuracy:.2f} looks like a percentage; return a fraction between 0 and 1"
        )
    if not close(accuracy, ref_acc, 1e-4):
        if not 0 <= accuracy <= 1:
            raise CheckFailed(
                f"accuracy came out as {accuracy:.3f}, outside [0, 1]. Compare torch.argmax(outputs, dim=1) with the "
                "labels (dim=1 is the class dimension; dim=0 is the batch)"
            )
        raise CheckFailed(
            f"accuracy {accuracy:.4f}, expected {ref_acc:.4f}: count torch.argmax(outputs, dim=1) == labels over "
            "all samples and divide by the number of samples"
        )
    # The mean over samples and the mean of the batch losses differ when the last batch is smaller: both count.
    if not (close(loss, ref_loss, 1e-4) or close(loss, ref_batch_mean, 1e-4)):
        raise CheckFailed(
            f"mean loss {loss:.4f}, expected {ref_loss:.4f}: average loss.item() over every batch of the epoch"
        )


def t23_train_mode(ns: Namespace) -> None:
    """Every layer trains in training mode, even when the model arrives in eval mode (after an evaluation)."""
    torch.manual_seed(6)
    model = nn.Sequential(
        nn.Flatten(), nn.Linear(784, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(0.3), nn.Linear(32, 10)
    )
    model.eval()  # as evaluate() leaves it
    with ModeTrace(model) as trace:
        _run_train(ns, model, _loader(128))
    if trace.in_eval():
        raise CheckFailed(
            f"layers ran in eval mode while training ({', '.join(trace.in_eval())}): start the epoch with "
            "model.train(), so dropout and batch norm train (evaluate() leaves the model in eval mode)"
        )
    if not trace.with_grad():
        raise CheckFailed("the forward passes ran without gradients (torch.no_grad()): nothing can learn")


def t23_learns(ns: Namespace) -> None:
    torch.manual_seed(0)
    model = _reference_model(5)
    loader = _loader(512, shuffle=True)
    fn = need_callable(ns, "train_one_epoch")
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    before = [p.detach().clone() for p in model.parameters()]
    losses = [_call(fn, model, loader, nn.CrossEntropyLoss(), optimizer)[0] for _ in range(3)]
    if all(torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True)):
        raise CheckFailed("the parameters did not change: call optimizer.step() after loss.backward()")
    if not losses[-1] < losses[0] * 0.7:
        raise CheckFailed(
            f"on 512 images the loss went {losses[0]:.3f} -> {losses[-1]:.3f} in 3 epochs; it should fall"
        )


TESTS = (
    Test("returns (mean loss, accuracy) as numbers", t23_returns),
    Test("one epoch matches the standard loop step for step", t23_matches_reference),
    Test("loss and accuracy over the whole epoch", t23_metrics),
    Test("the loss falls on a seeded subset and the parameters change", t23_learns),
    Test("trains in training mode, whatever mode the model arrives in", t23_train_mode),
)
