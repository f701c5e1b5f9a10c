"""Taking the model's pulse: per-layer gradient norms and the lesson's health rule."""

from __future__ import annotations

import math
from dataclasses import dataclass

from torch import nn

HEALTHY_SPREAD = 100.0  # layers within 10-100x of each other are healthy
VANISHING_RATIO = (
    1e4  # early layers this many times smaller than the last: vanishing (the lesson shows 100,000x)
)
EXPLODING_NORM = 100.0  # any layer above this, or NaN/inf: exploding


def log_gradient_norms(model: nn.Module, *, print_fn=print) -> dict[str, float]:  # noqa: ANN001
    """Print and return ``param.grad.norm()`` for every named parameter (call after backward()).

    Parameters without a gradient (frozen, or unused in this forward pass) are skipped.
    """
    norms = {}
    for name, param in model.named_parameters():
        if param.grad is not None:
            norms[name] = param.grad.norm().item()
            if print_fn is not None:
                print_fn(f"{name:<30} {norms[name]:.3e}")
    return norms


@dataclass
class GradientHealth:
    """The verdict of the pulse check, with the numbers behind it."""

    verdict: str  # "healthy", "vanishing", "exploding", "unknown"
    reason: str
    smallest: tuple[str, float] | None = None
    largest: tuple[str, float] | None = None

    def __str__(self) -> str:
        return f"{self.verdict}: {self.reason}"


def gradient_health(norms: dict[str, float]) -> GradientHealth:
    """Apply the lesson's rule to per-parameter gradient norms (in layer order).

    * any norm NaN, inf or above 100: **exploding**;
    * the first layer's weights ``VANISHING_RATIO`` (10,000) times smaller than the last
      layer's: **vanishing** (the lesson's unhealthy example is 100,000x);
    * otherwise **healthy**; within 10-100x of each other is the textbook picture.
    """
    weights = {k: v for k, v in norms.items() if not k.endswith("bias")} or dict(norms)
    if not weights:
        return GradientHealth("unknown", "no gradients (call after loss.backward())")
    bad = [(k, v) for k, v in norms.items() if not math.isfinite(v) or v > EXPLODING_NORM]
    largest = max(weights.items(), key=lambda kv: kv[1] if math.isfinite(kv[1]) else math.inf)
    smallest = min(weights.items(), key=lambda kv: kv[1])
    if bad:
        name, value = bad[0]
        return GradientHealth(
            "exploding",
            f"{name} has gradient norm {value:.3g} (above {EXPLODING_NORM:g} or not finite)",
            smallest,
            largest,
        )
    names = list(weights)
    first, last = weights[names[0]], weights[names[-1]]
    if last > 0 and (first == 0 or last / first >= VANISHING_RATIO):
        ratio = math.inf if first == 0 else last / first
        return GradientHealth(
            "vanishing",
            f"{names[0]} ({first:.2e}) is {ratio:,.0f}x smaller than {names[-1]} ({last:.2e})",
            smallest,
            largest,
        )
    spread = largest[1] / smallest[1] if smallest[1] > 0 else math.inf
    return GradientHealth("healthy", f"largest/smallest layer norm = {spread:,.0f}x", smallest, largest)
