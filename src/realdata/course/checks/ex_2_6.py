"""Exercise 2.6 (Step 6: the improved model): the checks."""

from __future__ import annotations

import math

import torch
from torch import nn

from realdata.course.checks._helpers import need
from realdata.course.checks.ex_2_4 import _reference_eval
from realdata.course.model import CheckFailed, Namespace, Test


def t26_architecture(ns: Namespace) -> None:
    model = need(ns, "improved_model")
    if model is Ellipsis:
        raise NotImplementedError
    if not isinstance(model, nn.Module):
        raise CheckFailed("`improved_model` should be an nn.Module instance")
    kinds = [type(m).__name__ for m in model.modules() if not list(m.children())]
    kinds = [k for k in kinds if k != "Flatten"]
    expected = ["Linear", "BatchNorm1d", "ReLU", "Dropout"] * 2 + ["Linear"]
    if kinds == expected:
        drops = [m.p for m in model.modules() if isinstance(m, nn.Dropout)]
        if drops != [0.3, 0.3]:
            raise CheckFailed(f"dropout rates {drops}; the lesson uses nn.Dropout(0.3) in each hidden layer")
        return
    if kinds[-1] != "Linear":
        raise CheckFailed(f"the last layer is {kinds[-1]}: the output layer is a plain Linear (logits)")
    hidden = kinds[:-1]
    for i in range(0, len(hidden), 4):
        group = hidden[i : i + 4]
        if sorted(group) == sorted(["Linear", "BatchNorm1d", "ReLU", "Dropout"]) and group != expected[:4]:
            raise CheckFailed(
                f"a hidden layer runs {' -> '.join(group)}; the order is Linear -> BatchNorm1d -> ReLU -> Dropout"
            )
    raise CheckFailed(f"the layers are {' -> '.join(kinds)}; expected {' -> '.join(expected)}")


def t26_optimizer(ns: Namespace) -> None:
    opt = need(ns, "improved_optimizer")
    if opt is Ellipsis:
        raise NotImplementedError
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
