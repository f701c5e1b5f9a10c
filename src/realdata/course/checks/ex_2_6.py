"""Exercise 2.6 (Step 6: the improved model): the checks."""

from __future__ import annotations

import math

import torch
from torch import nn

from realdata.course.checks._helpers import between, need, trace_calls
from realdata.course.checks._lesson2 import _mnist_slice
from realdata.course.checks.ex_2_4 import _reference_eval
from realdata.course.model import CheckFailed, Namespace, Test

SIZES = [(784, 256), (256, 128), (128, 10)]


def _train_trace(model: nn.Module, x: torch.Tensor) -> list:
    """Like trace_calls, but in training mode (dropout on, batch statistics), restoring the mode after."""
    seen: list = []
    handles = [
        m.register_forward_hook(lambda mod, args, out: seen.append((mod, args[0].detach(), out.detach())))
        for m in model.modules()
        if isinstance(m, nn.Linear | nn.BatchNorm1d)
    ]
    was = model.training
    state = {k: v.clone() for k, v in model.state_dict().items()}
    try:
        model.train()
        with torch.no_grad():
            out = model(x)
    finally:
        for h in handles:
            h.remove()
        model.load_state_dict(state)  # batch norm's running averages are left as they were
        model.train(was)
    return [*seen, (None, out.detach(), None)]


def t26_architecture(ns: Namespace) -> None:
    model = need(ns, "improved_model")
    if not isinstance(model, nn.Module):
        raise CheckFailed("`improved_model` should be an nn.Module instance")
    x = _mnist_slice(256, train=False)[0]
    calls = trace_calls(model, x, (nn.Linear, nn.BatchNorm1d))
    layers, out = calls[:-1], calls[-1][1]
    kinds = [type(m).__name__ for m, _, _ in layers]
    expected = ["Linear", "BatchNorm1d"] * 2 + ["Linear"]
    if kinds != expected:
        raise CheckFailed(
            f"the forward pass runs {' -> '.join(kinds)} (Linear and batch norm layers); expected {' -> '.join(expected)}, "
            "a BatchNorm1d after each hidden Linear and none on the output"
        )
    sizes = [(m.in_features, m.out_features) for m, _, _ in layers if isinstance(m, nn.Linear)]
    if sizes != SIZES:
        raise CheckFailed(f"the Linear layers are {sizes}; Step 2's sizes are 784 -> 256 -> 128 -> 10")
    for i in (0, 2):
        (lin, _, lin_out), (_, bn_in, bn_out), (_, next_in, _) = layers[i], layers[i + 1], layers[i + 2]
        hidden = f"hidden layer {i // 2 + 1} ({lin.in_features} -> {lin.out_features})"
        got = between(lin_out, bn_in)
        if got != "nothing":
            raise CheckFailed(
                f"in {hidden} something ({got or 'another layer'}) sits between the Linear and the BatchNorm1d: "
                "the order is Linear -> BatchNorm1d -> ReLU -> Dropout"
            )
        got = between(bn_out, next_in)
        if got != "ReLU":
            if got is None and bool(
                ((next_in == 0) | torch.isclose(next_in, torch.relu(bn_out) / 0.7)).all()
            ):
                raise CheckFailed(
                    f"in {hidden} dropout is still on in eval mode: F.dropout needs training=self.training"
                )
            raise CheckFailed(
                f"in eval mode, {hidden} passes {got or 'something other than'} a ReLU of the batch norm's output to the "
                "next layer: each hidden layer is Linear -> BatchNorm1d -> ReLU -> Dropout"
            )
    if between(layers[-1][2], out) != "nothing":
        raise CheckFailed(
            "the output is not the last Linear's raw output: the output layer is a plain Linear (logits)"
        )
    # dropout, measured in training mode: kept values are scaled by 1 / (1 - p), the others zeroed
    torch.manual_seed(0)
    train_calls = _train_trace(model, x)
    for i in (0, 2):
        (_, _, bn_out), (_, next_in, _) = train_calls[i + 1], train_calls[i + 2]
        active = torch.relu(bn_out)
        kept = (next_in != 0) & (active > 1e-3)
        if not kept.any():
            raise CheckFailed(f"hidden layer {i // 2 + 1} passes nothing on in training mode")
        scale = float((next_in[kept] / active[kept]).median())
        p = 1 - 1 / scale if scale > 0 else float("nan")
        if not math.isclose(p, 0.3, abs_tol=1e-3):
            what = "no dropout" if abs(p) < 1e-3 else f"dropout p={p:.2f}"
            raise CheckFailed(
                f"in training mode hidden layer {i // 2 + 1} shows {what} after its ReLU; the lesson uses nn.Dropout(0.3)"
            )
    if not torch.equal(train_calls[-1][1], train_calls[-2][2]):
        raise CheckFailed(
            "in training mode the output differs from the last Linear's: no dropout on the logits"
        )


def t26_optimizer(ns: Namespace) -> None:
    opt = need(ns, "improved_optimizer")
    if not isinstance(opt, torch.optim.Optimizer):
        raise CheckFailed("`improved_optimizer` should be a torch.optim optimizer")
    params = {id(p) for g in opt.param_groups for p in g["params"]}
    if params != {id(p) for p in ns["improved_model"].parameters()}:
        raise CheckFailed("improved_optimizer does not hold improved_model's parameters")
    decay = opt.param_groups[0].get("weight_decay", 0)
    if not decay:
        raise CheckFailed(
            "no weight decay: optim.Adam(improved_model.parameters(), lr=1e-3, weight_decay=1e-4)"
        )
    if not math.isclose(decay, 1e-4):
        raise CheckFailed(f"weight_decay={decay}; the lesson uses 1e-4")


def t26_accuracy(ns: Namespace) -> None:
    model = ns["improved_model"]
    from realdata.data.loaders import make_loaders
    from realdata.data.mnist import default_root

    _, accuracy = _reference_eval(model, make_loaders(default_root(), pipeline="fast").test)
    if accuracy < 0.975:
        raise CheckFailed(
            f"improved_model scores {accuracy:.2%} on the 10,000 test images; train it until it reaches 97.5% "
            "(5 epochs of the training cell should do it)"
        )


TESTS = (
    Test("Linear -> BatchNorm1d -> ReLU -> Dropout(0.3), plain Linear output", t26_architecture),
    Test("Adam with weight_decay=1e-4", t26_optimizer),
    Test("reaches 97.5% test accuracy", t26_accuracy),
)
