"""Exercise 1.3 (The training loop meets the DataLoader): the checks."""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.utils.data import DataLoader

from realdata.course.checks._helpers import ModeTrace, calls_of, close, need_callable
from realdata.course.checks._lesson1 import _CountingSGD, _Line, _setup13
from realdata.course.model import CheckFailed, Namespace, Test


def _reference_epoch(
    model: nn.Module, loader: DataLoader, lr: float, *, zero_grad: bool = True, loss_fn=nn.functional.mse_loss
) -> list[tuple[float, int]]:
    """The standard loop with SGD; returns (loss, batch size) per batch."""
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for x, y in loader:
        loss = loss_fn(model(x), y)
        if zero_grad:
            opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append((loss.item(), len(y)))
    return losses


def _call_train_epoch(ns: Namespace, model, loader, optimizer, loss_fn=None):  # noqa: ANN001, ANN202
    fn = need_callable(ns, "train_epoch")
    return fn(model, loader, loss_fn if loss_fn is not None else nn.MSELoss(), optimizer)


def t13_uses_its_arguments(ns: Namespace) -> None:
    """The loss function and the model it is given are the ones it trains with, in training mode."""
    _, loader, model, opt = _setup13()
    probe = nn.Sequential(model, nn.Dropout(0.0))  # p=0: same numbers, but it shows the mode it ran in
    probe.train()
    l1, count = calls_of(nn.L1Loss())
    ref = nn.Linear(1, 1)
    ref.load_state_dict(model.state_dict())
    with ModeTrace(probe) as trace:
        got = _call_train_epoch(ns, probe, loader, opt, loss_fn=l1)
    if count[0] == 0:
        raise CheckFailed(
            "train_epoch never called the loss_fn it was given (it was nn.L1Loss here): use loss_fn(outputs, y)"
        )
    if not trace.calls:
        raise CheckFailed("train_epoch never called the model it was given")
    if trace.in_eval():
        raise CheckFailed(
            f"the model ran in eval mode during training ({', '.join(trace.in_eval())}): training needs "
            "model.train() (dropout and batch norm behave differently in eval mode)"
        )
    losses = _reference_epoch(ref, loader, 0.1, loss_fn=nn.functional.l1_loss)
    if not all(
        torch.allclose(a, b, atol=1e-5) for a, b in zip(model.parameters(), ref.parameters(), strict=True)
    ):
        raise CheckFailed(
            "with loss_fn=nn.L1Loss() the weights after one epoch differ from the standard loop's"
        )
    per_batch = sum(v for v, _ in losses) / len(losses)
    per_sample = sum(v * n for v, n in losses) / sum(n for _, n in losses)
    if isinstance(got, int | float) and not (close(got, per_batch, 1e-4) or close(got, per_sample, 1e-4)):
        raise CheckFailed(
            f"with loss_fn=nn.L1Loss() it returned {got:.4f}; the epoch's mean L1 loss was {per_batch:.4f}"
        )


def t13_steps(ns: Namespace) -> None:
    data, loader, model, opt = _setup13()
    _call_train_epoch(ns, model, loader, opt)
    if opt.steps == 37:
        raise CheckFailed(
            "37 optimizer steps for 37 samples: you stepped once per sample. Iterate over the loader"
        )
    if opt.steps == 1:
        raise CheckFailed(
            "one optimizer step for the whole epoch: call optimizer.step() inside the loop, once per batch"
        )
    if opt.steps != 5:
        raise CheckFailed(
            f"{opt.steps} optimizer steps; 37 samples in batches of 8 make 5 batches, so 5 steps"
        )


def t13_every_sample(ns: Namespace) -> None:
    data, loader, model, opt = _setup13()
    _call_train_epoch(ns, model, loader, opt)
    if data.reads != 37:
        raise CheckFailed(
            f"the epoch read {data.reads} samples from a 37-sample dataset; it should read each once"
        )


def t13_zero_grad(ns: Namespace) -> None:
    _, loader, model, opt = _setup13()
    ref_model = nn.Linear(1, 1)
    ref_model.load_state_dict(model.state_dict())
    acc_model = nn.Linear(1, 1)
    acc_model.load_state_dict(model.state_dict())
    _call_train_epoch(ns, model, loader, opt)
    _reference_epoch(ref_model, loader, 0.1)
    _reference_epoch(acc_model, loader, 0.1, zero_grad=False)
    same = all(
        torch.allclose(a, b, atol=1e-5)
        for a, b in zip(model.parameters(), ref_model.parameters(), strict=True)
    )
    if same:
        return
    accumulated = all(
        torch.allclose(a, b, atol=1e-5)
        for a, b in zip(model.parameters(), acc_model.parameters(), strict=True)
    )
    if accumulated or opt.zero_grads == 0:
        raise CheckFailed(
            "gradients pile up from batch to batch: call optimizer.zero_grad() before loss.backward()"
        )
    raise CheckFailed(
        "after one epoch the weights differ from the standard loop's (forward, loss, zero_grad, backward, step)"
    )


def t13_returns_mean(ns: Namespace) -> None:
    _, loader, model, opt = _setup13()
    ref_model = nn.Linear(1, 1)
    ref_model.load_state_dict(model.state_dict())
    got = _call_train_epoch(ns, model, loader, opt)
    losses = _reference_epoch(ref_model, loader, 0.1)
    if isinstance(got, torch.Tensor):
        raise CheckFailed(
            "train_epoch returned a tensor; return a plain number (use loss.item() when adding up)"
        )
    if not isinstance(got, int | float):
        raise CheckFailed(f"train_epoch should return the epoch's mean loss as a number, not {got!r}")
    per_batch = sum(loss for loss, _ in losses) / len(losses)
    per_sample = sum(loss * n for loss, n in losses) / sum(n for _, n in losses)
    if close(got, per_batch, 1e-4) or close(got, per_sample, 1e-4):
        return
    if close(got, losses[-1][0], 1e-4):
        raise CheckFailed("you returned the last batch's loss; return the mean over all batches of the epoch")
    if close(got, sum(loss for loss, _ in losses), 1e-4):
        raise CheckFailed("you returned the sum of the batch losses; divide by the number of batches")
    raise CheckFailed(
        f"train_epoch returned {got:.4f}; the mean batch loss of that epoch was {per_batch:.4f}"
    )


def t13_learns(ns: Namespace) -> None:
    _, loader, model, opt = _setup13(n=64, batch_size=16, seed=1)
    losses = [_call_train_epoch(ns, model, loader, opt) for _ in range(15)]
    if not losses[-1] < losses[0] / 4:
        raise CheckFailed(
            f"over 15 epochs the loss went from {losses[0]:.3f} to {losses[-1]:.3f}; it should fall a lot"
        )


def t13_hidden_shuffled(ns: Namespace) -> None:
    torch.manual_seed(3)
    data = _Line(50)
    model = nn.Linear(1, 1)
    opt = _CountingSGD(model.parameters(), 0.05)
    loader = DataLoader(data, batch_size=7, shuffle=True)
    _call_train_epoch(ns, model, loader, opt)
    if opt.steps != math.ceil(50 / 7) or data.reads != 50:
        raise CheckFailed("with a shuffled loader of another size the epoch is not one step per batch")


TESTS = (
    Test("one optimizer step per batch", t13_steps),
    Test("every sample once per epoch", t13_every_sample),
    Test("gradients cleared every step", t13_zero_grad),
    Test("returns the epoch's mean loss", t13_returns_mean),
    Test("trains with the loss function and model it is given, in training mode", t13_uses_its_arguments),
    Test("the loss falls over epochs", t13_learns),
    Test("a shuffled loader of another size", t13_hidden_shuffled, hidden=True),
)
