"""Exercise 2.2 (Step 2: the simple model): the checks."""

from __future__ import annotations

import torch
from torch import nn

from realdata.course.checks._helpers import need, shape
from realdata.course.checks._lesson2 import _mnist_slice
from realdata.course.model import CheckFailed, Namespace, Test


def _output_activation(model: nn.Module) -> str | None:
    """The name of the activation applied after the last Linear, if any (by behaviour)."""
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if not linears:
        return None
    seen = {}

    def hook(_m, _i, out):  # noqa: ANN001, ANN202
        seen["last_linear"] = out.detach()

    handle = linears[-1].register_forward_hook(hook)
    try:
        model.eval()
        with torch.no_grad():
            out = model(_mnist_slice(16, train=False)[0])
    finally:
        handle.remove()
    raw = seen["last_linear"]
    if torch.allclose(out, raw, atol=1e-6):
        return None
    if torch.allclose(out, torch.relu(raw), atol=1e-6):
        return "ReLU"
    if torch.allclose(out, torch.softmax(raw, dim=1), atol=1e-5):
        return "softmax"
    if torch.allclose(out, torch.log_softmax(raw, dim=1), atol=1e-5):
        return "log_softmax"
    if torch.allclose(out, torch.sigmoid(raw), atol=1e-6):
        return "sigmoid"
    return "something"


def t22_model(ns: Namespace) -> None:
    model = need(ns, "model")
    if model is Ellipsis:
        raise NotImplementedError
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
    sizes = [(m.in_features, m.out_features) for m in model.modules() if isinstance(m, nn.Linear)]
    if sizes != [(784, 256), (256, 128), (128, 10)]:
        raise CheckFailed(f"the Linear layers are {sizes}; the lesson's model is 784 -> 256 -> 128 -> 10")
    # Without an activation between them, the layers collapse into one linear map: f(a + b) - f(b) = f(a) - f(0).
    g = torch.Generator().manual_seed(0)
    a, b = torch.randn(4, 1, 28, 28, generator=g), torch.randn(4, 1, 28, 28, generator=g)
    zero = torch.zeros(4, 1, 28, 28)
    model.eval()
    with torch.no_grad():
        affine = torch.allclose(model(a + b) - model(b), model(a) - model(zero), atol=1e-4)
    if affine:
        raise CheckFailed(
            "no ReLU between the layers: without it, three Linear layers are just one linear map"
        )


def t22_params(ns: Namespace) -> None:
    n = sum(p.numel() for p in ns["model"].parameters() if p.requires_grad)
    if n != 235_146:
        raise CheckFailed(
            f"the model has {n:,} trainable parameters; 784*256+256 + 256*128+128 + 128*10+10 = 235,146"
        )


def t22_logits(ns: Namespace) -> None:
    act = _output_activation(ns["model"])
    if act == "ReLU":
        raise CheckFailed(
            "the output layer is followed by a ReLU: logits must be free to go negative. Remove the last ReLU"
        )
    if act in {"softmax", "log_softmax", "sigmoid"}:
        raise CheckFailed(
            f"the model ends with {act}: return raw logits. nn.CrossEntropyLoss applies log-softmax itself"
        )
    if act is not None:
        raise CheckFailed("the output is not the last Linear layer's raw output: no activation on the output")


TESTS = (
    Test("`model` is an nn.Module", t22_model),
    Test("[B, 1, 28, 28] in, [B, 10] out", t22_shapes),
    Test("784 -> 256 -> 128 -> 10 with ReLU", t22_architecture),
    Test("235,146 parameters", t22_params),
    Test("raw logits: no activation on the output", t22_logits),
)
