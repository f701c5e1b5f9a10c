"""When the model does not learn and no single rule fired: the likeliest causes, ranked by the evidence."""

from __future__ import annotations

import statistics
from collections import Counter

from realdata.doctor.recording import Recording


def likely_causes(rec: Recording, top: int = 3) -> str:
    """A short ranked list: each cause with the number that points to it (stronger evidence first)."""
    causes: list[tuple[float, str]] = []
    trainable = [p for p in rec.params if p.requires_grad]
    if trainable and not any(p.changed for p in trainable):
        causes.append(
            (1.0, "the weights never changed (is optimizer.step() called on the model's parameters?)")
        )
    if rec.update_ratios:
        update = statistics.median(rec.update_ratios)
        if 0 < update < 1e-4:
            causes.append(
                (
                    0.9,
                    f"each step moves the weights by only {update:.1e} of their size (learning rate too low?)",
                )
            )
    if rec.input_stats and max(s[1] for s in rec.input_stats) < 1e-6:
        causes.append((0.95, "the model's inputs are constant (blanked or overwritten?)"))
    from realdata.doctor.rules.data import _centroid_accuracy

    probe = _centroid_accuracy(rec)
    if probe is not None and probe[0] < probe[1] + 0.15:
        causes.append(
            (0.85, f"the labels look unrelated to the inputs (a class-mean probe gets {probe[0]:.0%})")
        )
    samples = [g for g in rec.grads[:5] if len(g.weights) >= 2]
    if samples:
        g = samples[0]
        first, last = g.norms[g.weights[0]], g.norms[g.weights[-1]]
        if last > 0 and (first == 0 or last / first > 100):
            causes.append(
                (
                    0.7,
                    f"the first layer's gradient is {'zero' if first == 0 else f'{last / first:,.0f}x smaller than the last'}",
                )
            )
        if max(g.norms.values(), default=0) == 0:
            causes.append((0.9, "the gradients are all zero"))
    dead = [max(g.dead.values()) for g in rec.grads[-3:] if g.dead]
    if dead and min(dead) > 0.3:
        causes.append((0.6, f"{min(dead):.0%} of a hidden layer's units pass no gradient"))
    preds = Counter()
    for f in rec.trained()[-20:]:
        if f.preds is not None:
            preds.update(f.preds.tolist())
    if preds and max(preds.values()) / sum(preds.values()) > 0.8:
        causes.append((0.5, "the model predicts one class for almost everything"))
    if not causes:
        return "none stands out; take the pulse (gradient norms) and look at a batch of inputs and labels"
    causes.sort(key=lambda c: -c[0])
    return "; ".join(f"({i + 1}) {text}" for i, (_, text) in enumerate(causes[:top]))
