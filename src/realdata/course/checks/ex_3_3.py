"""Exercise 3.3 (Implementing gradient-norm checking): the checks."""

from __future__ import annotations

import torch
from torch import nn

from realdata.course.checks._helpers import close, need_callable
from realdata.course.model import CheckFailed, Namespace, Test


def _probe_model() -> nn.Module:
    torch.manual_seed(3)
    model = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 2))
    for p in model[2].parameters():
        p.requires_grad_(False)  # a frozen layer has no gradient
    x, y = torch.randn(32, 6), torch.randint(0, 2, (32,))
    nn.functional.cross_entropy(model(x), y).backward()
    return model


def t33_matches(ns: Namespace) -> None:
    fn = need_callable(ns, "gradient_norms")
    model = _probe_model()
    expected = {
        n: torch.linalg.vector_norm(p.grad).item() for n, p in model.named_parameters() if p.grad is not None
    }
    grads = {n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None}
    got = fn(model)
    after = {n: p.grad for n, p in model.named_parameters() if p.grad is not None}
    if set(after) != set(grads) or any(not torch.equal(after[n], g) for n, g in grads.items()):
        raise CheckFailed(
            "gradient_norms changed the gradients it should only read (zero_grad(), backward() or an in-place "
            "operation): take the pulse without touching it"
        )
    if not isinstance(got, dict):
        raise CheckFailed(f"gradient_norms should return a dict {{name: norm}}, not {type(got).__name__}")
    if any(isinstance(v, torch.Tensor) for v in got.values()):
        raise CheckFailed("the norms are tensors; return plain floats (.item())")
    names = dict(model.named_parameters())
    if set(got) != set(expected) and not set(got) <= set(names):
        raise CheckFailed(
            f"the keys {sorted(set(got) - set(names))[:4]} are not parameter names: use the full names that "
            f"model.named_parameters() gives, one per tensor (e.g. {sorted(expected)[:2]})"
        )
    if set(got) != set(expected):
        extra = sorted(set(got) - set(expected))
        if extra and all(
            model.get_parameter(n).grad is None for n in extra if n in dict(model.named_parameters())
        ):
            raise CheckFailed(f"{extra} have no gradient (frozen): skip parameters whose .grad is None")
        raise CheckFailed(
            f"the keys should be the names from model.named_parameters() with a gradient: {sorted(expected)}"
        )
    for name, value in expected.items():
        if not close(got[name], value, 1e-5):
            raise CheckFailed(
                f"the norm of {name} is {value:.6f}; you returned {got[name]:.6f} (use param.grad.norm())"
            )


TESTS = (Test("matches torch's own norms, by name, skipping frozen layers", t33_matches),)
