"""Exercise 3.2 (Diagnosing a shape bug): the checks."""

from __future__ import annotations

import torch
from torch import nn

from realdata.course.checks._helpers import expect_int, need
from realdata.course.model import CheckFailed, Namespace, Test


def t32_layer(ns: Namespace) -> None:
    got = need(ns, "bad_layer")
    expect_int(got, 3, "bad_layer", what="is")
    if got == 4:
        raise CheckFailed("bad_layer is 4: indices in an nn.Sequential start at 0 (Flatten is layer 0)")
    if got == 2:
        raise CheckFailed(
            "bad_layer is 2: that counts only the Linear layers; the index counts every module in the "
            "nn.Sequential (Flatten and the ReLUs too)"
        )
    if got == 1:
        raise CheckFailed("layer 1, Linear(784, 256), is fine: it receives the 784 values Flatten makes")
    if got != 3:
        raise CheckFailed(f"layer {got} is not where the shapes disagree; follow the sizes: 784 -> 256 -> ? ")


def t32_fixed(ns: Namespace) -> None:
    fixed = need(ns, "fixed")
    if not isinstance(fixed, nn.Module):
        raise CheckFailed("`fixed` should be the repaired nn.Sequential")
    try:
        out = fixed.eval()(torch.zeros(4, 1, 28, 28))
    except RuntimeError as exc:
        raise CheckFailed(
            f"`fixed` still fails on a [4, 1, 28, 28] batch: {str(exc).splitlines()[0]}"
        ) from None
    if tuple(out.shape) != (4, 10):
        raise CheckFailed(f"`fixed` gives {list(out.shape)}; it should give [4, 10]")
    broken = ns["broken"]
    kinds = [type(m).__name__ for m in fixed.modules() if not list(m.children())]
    if kinds != [type(m).__name__ for m in broken.modules() if not list(m.children())]:
        raise CheckFailed(
            f"`fixed` has the layers {' -> '.join(kinds)}: a plumbing problem needs one number changed, not a "
            "new design: keep the same layers"
        )
    biases = [m.bias is not None for m in fixed.modules() if isinstance(m, nn.Linear)]
    if biases != [m.bias is not None for m in broken.modules() if isinstance(m, nn.Linear)]:
        raise CheckFailed("a Linear layer of `fixed` lost (or gained) its bias: keep the layers as they were")
    numbers = [
        d for m in fixed.modules() if isinstance(m, nn.Linear) for d in (m.in_features, m.out_features)
    ]
    before = [
        d for m in broken.modules() if isinstance(m, nn.Linear) for d in (m.in_features, m.out_features)
    ]
    changed = sum(a != b for a, b in zip(numbers, before, strict=True))
    if changed != 1:
        raise CheckFailed(
            f"`fixed` changes {changed} of the layer sizes; the shapes fit again with one number put right"
        )


TESTS = (Test("the layer that breaks", t32_layer), Test("the repaired model runs", t32_fixed))
