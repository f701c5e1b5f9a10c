"""Exercise 2.2 (Step 2: the simple model): the checks."""

from __future__ import annotations

import torch
from torch import nn

from realdata.course.checks._helpers import between, need, shape, trace_calls
from realdata.course.checks._lesson2 import _mnist_slice
from realdata.course.model import CheckFailed, Namespace, Test


def t22_model(ns: Namespace) -> None:
    model = need(ns, "model")
    if not isinstance(model, nn.Module):
        raise CheckFailed(f"`model` should be an nn.Module instance (did you forget the ()?), not {model!r}")


def t22_shapes(ns: Namespace) -> None:
    model = ns["model"]
    try:
        with torch.no_grad():
            out = model.eval()(torch.zeros(5, 1, 28, 28))
    except RuntimeError as exc:
        if "mat1 and mat2" in str(exc) and "28" in str(exc):
            raise CheckFailed(
                f"a [5, 1, 28, 28] batch does not go through: {exc}. The first Linear needs [B, 784]: start with nn.Flatten()"
            ) from None
        raise CheckFailed(f"a [5, 1, 28, 28] batch does not go through the model: {exc}") from None
    if tuple(out.shape) != (5, 10):
        raise CheckFailed(
            f"the model turns [5, 1, 28, 28] into {shape(out)}; it should give [5, 10], one logit per class"
        )


def t22_architecture(ns: Namespace) -> None:
    model = ns["model"]
    x = _mnist_slice(16, train=False)[0]
    calls = trace_calls(model, x, (nn.Linear,))
    linears = calls[:-1]
    sizes = [(m.in_features, m.out_features) for m, _, _ in linears]
    if sizes != [(784, 256), (256, 128), (128, 10)]:
        raise CheckFailed(
            f"the forward pass runs Linear layers {sizes}; the lesson's model is 784 -> 256 -> 128 -> 10"
        )
    first_in = linears[0][1]
    if not torch.allclose(first_in, x.reshape(len(x), -1), atol=1e-6):
        raise CheckFailed(
            "the pixels are changed before the first Linear: the model starts with Flatten alone"
        )
    for (m, _, y), (_, nxt, _), where in zip(linears, linears[1:], ("first", "second"), strict=False):
        found = between(y, nxt)
        if found == "ReLU":
            continue
        if found == "nothing":
            raise CheckFailed(
                f"no ReLU after the {where} hidden layer ({m.in_features} -> {m.out_features}): without it, "
                "two Linear layers in a row are just one linear map"
            )
        what = f"a {found}" if found else "something other than a ReLU"
        raise CheckFailed(
            f"after the {where} hidden layer ({m.in_features} -> {m.out_features}) comes {what}; the lesson's "
            "model has a ReLU after each hidden layer"
        )


def t22_params(ns: Namespace) -> None:
    n = sum(p.numel() for p in ns["model"].parameters() if p.requires_grad)
    if n != 235_146:
        raise CheckFailed(
            f"the model has {n:,} trainable parameters; 784*256+256 + 256*128+128 + 128*10+10 = 235,146"
        )


def t22_logits(ns: Namespace) -> None:
    calls = trace_calls(ns["model"], _mnist_slice(16, train=False)[0], (nn.Linear,))
    (_, _, last), (_, out, _) = calls[-2], calls[-1]
    act = between(last, out)
    if act == "nothing":
        return
    if act == "ReLU":
        raise CheckFailed(
            "the output layer is followed by a ReLU: logits must be free to go negative. Remove the last ReLU"
        )
    if act in {"softmax", "log_softmax", "Sigmoid"}:
        raise CheckFailed(
            f"the model ends with {act}: return raw logits. nn.CrossEntropyLoss applies log-softmax itself"
        )
    raise CheckFailed("the output is not the last Linear layer's raw output: no activation on the output")


TESTS = (
    Test("`model` is an nn.Module", t22_model),
    Test("[B, 1, 28, 28] in, [B, 10] out", t22_shapes),
    Test("784 -> 256 -> 128 -> 10 with ReLU", t22_architecture),
    Test("235,146 parameters", t22_params),
    Test("raw logits: no activation on the output", t22_logits),
)
