"""Gradient and update rules: the pulse (gradient norms) and whether the weights move as they should."""

from __future__ import annotations

import math
import statistics

from realdata.doctor.recording import Recording, window_mean
from realdata.doctor.registry import clear, fire, pending, rule, unchecked
from realdata.doctor.rules.common import chance_loss


def _finite_losses(rec: Recording) -> list[float]:
    return [v for v in rec.train_losses if math.isfinite(v)]


@rule(
    "exploding-gradients",
    family="updates",
    phase="first-iteration",
    severity="error",
    advice="Lower the learning rate, normalise the inputs, check the initialisation, and consider gradient "
    "clipping (torch.nn.utils.clip_grad_norm_) or batch norm.",
    LAYER_NORM=100.0,
    FIRST=5,
    GROWTH=1000.0,
    RISE=2.0,
    MIN_STEPS=50,
)
def exploding_gradients(rec: Recording, t) -> object:  # noqa: ANN001
    """Gradients blow up: a training loss or gradient that is NaN/inf; or, on the first FIRST sampled steps,
    a typical largest per-tensor gradient norm above LAYER_NORM (the lesson's pulse rule); or the total
    gradient norm growing GROWTH-fold from its start; or, after MIN_STEPS steps, the training loss ending
    RISE-fold above where it started (and above chance level).
    """
    for i, v in enumerate(rec.train_losses):
        if not math.isfinite(v):
            return fire(f"the training loss became {v} at training step {i + 1}")
    for g in rec.grads:
        if not math.isfinite(g.total):
            bad = next(k for k, v in g.norms.items() if not math.isfinite(v))
            return fire(f"the gradient of {bad} became {g.norms[bad]} at backward pass {g.backward + 1}")
    first = [g for g in rec.grads[: t.FIRST] if g.norms]
    if first:
        peak = statistics.median(max(g.norms.values()) for g in first)
        if peak > t.LAYER_NORM:
            name = max(first[0].norms, key=first[0].norms.get)
            return fire(
                f"on the first {len(first)} steps the largest gradient norm was typically {peak:.3g} ({name}); a healthy pulse stays below {t.LAYER_NORM:g}"
            )
        start = statistics.median(g.total for g in first)
        top = max(rec.grads, key=lambda g: g.total)
        if start > 0 and top.total >= t.GROWTH * start:
            return fire(
                f"the total gradient norm grew from {start:.3g} to {top.total:.3g} (backward pass {top.backward + 1})"
            )
    values = _finite_losses(rec)
    if len(values) >= t.MIN_STEPS:
        early, late = window_mean(values, 0, 0.1), window_mean(values, 0.9, 1.0)
        chance = chance_loss(rec) or 0.0
        if late > t.RISE * early and late > chance:
            return fire(f"the training loss rose from {early:.3g} to {late:.3g}")
        return clear()
    if rec.ended:
        return clear() if first else unchecked("no gradients were seen")
    return pending("too few training steps")


@rule(
    "vanishing-gradients",
    family="updates",
    phase="first-iteration",
    severity="warning",
    advice="Early layers barely learn: use ReLU instead of sigmoid/tanh in deep stacks, a proper "
    "initialisation (e.g. Kaiming), batch norm, or skip connections.",
    RATIO=1000.0,
    FIRST=5,
)
def vanishing_gradients(rec: Recording, t) -> object:  # noqa: ANN001
    """On the first FIRST sampled steps, the weight nearest the loss gets a gradient RATIO times (or more)
    larger than the weight nearest the input (geometric mean over the steps).

    "Nearest" is measured in the autograd graph, so the order is the order data flows, whatever order the
    layers were declared in. The lesson's healthy picture is within 10-100x; its unhealthy one 100,000x.
    """
    samples = [g for g in rec.grads[: t.FIRST] if len(g.weights) >= 2]
    if not samples:
        if rec.ended or rec.backwards >= t.FIRST:
            return clear() if any(g.norms for g in rec.grads) else unchecked("no gradients were seen")
        return pending("no gradients yet")
    logs = []
    for g in samples:
        first, last = g.norms[g.weights[0]], g.norms[g.weights[-1]]
        if not (math.isfinite(first) and math.isfinite(last)) or last == 0:
            continue
        logs.append(math.inf if first == 0 else math.log10(last / first))
    if not logs:
        return clear()
    ratio = math.inf if math.inf in logs else 10 ** statistics.fmean(logs)
    if ratio >= t.RATIO:
        g = samples[0]
        return fire(
            f"{g.weights[0]} (nearest the input) gets a gradient {ratio:,.0f}x smaller than {g.weights[-1]} "
            f"(nearest the loss): {g.norms[g.weights[0]]:.2e} vs {g.norms[g.weights[-1]]:.2e} on the first step"
        )
    return clear()


@rule(
    "learning-rate-too-low",
    family="updates",
    phase="during",
    severity="warning",
    advice="The loss hardly moves while the gradients are healthy: raise the learning rate (try 1e-3 for "
    "Adam, 1e-2 to 1e-1 for SGD) and compare the runs in TensorBoard.",
    MAX_UPDATE=1e-4,
    TINY_UPDATE=1e-5,
    MIN_DROP=0.05,
    MIN_STEPS=300,
    TINY_STEPS=20,
    END_STEPS=100,
)
def learning_rate_too_low(rec: Recording, t) -> object:  # noqa: ANN001
    """The weights move, but so little that the loss hardly falls: each optimizer step changes them by less
    than MAX_UPDATE of their size (median of the later half of the sampled steps, so that a schedule that
    decays the rate to nothing counts) and the training loss falls by less than
    MIN_DROP (first tenth of the run to the last), with finite, non-zero gradients.

    Decided after MIN_STEPS steps (END_STEPS if that is the whole run); an update below TINY_UPDATE cannot
    move the loss in any run length, so that is decided after TINY_STEPS.
    """
    values = _finite_losses(rec)
    drop = 0.0
    if len(values) >= 20:
        early, late = window_mean(values, 0, 0.1), window_mean(values, 0.9, 1.0)
        drop = (early - late) / abs(early) if early else 0.0
        if drop >= 2 * t.MIN_DROP:
            return clear()
    if len(rec.update_ratios) < 3 or not any(g.total > 0 for g in rec.grads):
        if rec.ended:
            return unchecked("no optimizer updates to measure")
        return pending("no optimizer updates measured yet")
    if any(not math.isfinite(g.total) for g in rec.grads):
        return clear()
    update = statistics.median(rec.update_ratios[len(rec.update_ratios) // 2 :])  # the later steps: a
    # schedule that decays the rate to nothing shows there
    if update == 0 and not any(rec.update_ratios):
        return clear()  # nothing ever moved: that is a missing step or frozen weights, not a small rate
    if update < t.TINY_UPDATE and len(values) >= t.TINY_STEPS:
        enough = True
    else:
        enough = len(values) >= t.MIN_STEPS or (rec.ended and len(values) >= t.END_STEPS)
    if not enough:
        return pending("too few training steps") if not rec.ended else unchecked("too few training steps")
    if update < t.MAX_UPDATE and drop < t.MIN_DROP:
        return fire(
            f"each optimizer step changes the weights by {update:.1e} of their size; the training loss went "
            f"{early:.4f} -> {late:.4f} ({drop:.1%}) over {len(values)} steps"
        )
    return clear()


@rule(
    "missing-zero-grad",
    family="updates",
    phase="during",
    severity="error",
    advice="Call optimizer.zero_grad() every step, before loss.backward(): otherwise each backward adds to the "
    "gradients of every earlier step (zeroing once per epoch is not enough).",
    MIN_CHECKS=5,
    SHARE=0.5,
)
def missing_zero_grad(rec: Recording, t) -> object:  # noqa: ANN001
    """Gradients pile up across updates: at SHARE or more of at least MIN_CHECKS checked backward passes that
    followed a weight update, the gradients from before that update were still there (non-zero).

    Deliberate accumulation (several backward passes, then one step, then zero_grad) is not this bug: the
    stale gradients are only counted when an update happened in between.
    """
    checks = [g.stale for g in rec.grads if g.stale is not None]
    if len(checks) < t.MIN_CHECKS:
        if rec.ended:
            return unchecked("too few weight updates were seen") if rec.backwards else clear()
        return pending("too few updates checked")
    stale = sum(checks)
    if stale >= t.SHARE * len(checks):
        return fire(
            f"at {stale} of {len(checks)} checked backward passes after a weight update, the previous step's "
            f"gradients were still there ({rec.zero_grads} zero_grad() calls in {rec.steps} optimizer steps)"
        )
    return clear()


@rule(
    "missing-optimizer-step",
    family="updates",
    phase="during",
    severity="error",
    advice="Call optimizer.step() after loss.backward(), on an optimizer built over the model's own "
    "parameters: without it the weights never change.",
    MIN_BACKWARDS=10,
)
def missing_optimizer_step(rec: Recording, t) -> object:  # noqa: ANN001
    """Gradients are computed (MIN_BACKWARDS backward passes with non-zero gradients), but none of the tensors
    the loss depends on has changed since the first backward pass.
    """
    trainable = [p for p in rec.params if p.requires_grad]
    if any(p.changed for p in trainable):
        return clear()
    if rec.backwards < t.MIN_BACKWARDS or not trainable:
        if rec.ended:
            return unchecked("too few backward passes") if rec.backwards else clear()
        return pending("too few backward passes")
    if not any(g.total > 0 for g in rec.grads):
        return unchecked("the gradients were all zero")
    if rec.steps == 0:
        why = "optimizer.step() was never called"
    else:
        why = f"optimizer.step() ran {rec.steps} times, but on other tensors or with zero gradients"
    return fire(
        f"loss.backward() ran {rec.backwards} times and none of the {len(trainable)} tensors the loss depends "
        f"on changed: {why}"
    )


@rule(
    "frozen-parameters",
    family="updates",
    phase="after",
    severity="warning",
    advice="Some weights the model uses never change: check requires_grad, that every layer's parameters are "
    "in the optimizer (model.parameters(), every param group), and that no group has lr=0.",
    MIN_BACKWARDS=10,
)
def frozen_parameters(rec: Recording, t) -> object:  # noqa: ANN001
    """After MIN_BACKWARDS backward passes, a tensor the model uses never changed while others did, because
    it has requires_grad=False, is missing from every optimizer param group, or sits in a group with lr=0.
    """
    if rec.backwards < t.MIN_BACKWARDS:
        if rec.ended:
            return unchecked("too few backward passes") if rec.backwards else clear()
        return pending("too few backward passes")
    if not rec.params:
        return (
            pending("parameters not compared yet") if not rec.ended else unchecked("no parameters were found")
        )
    if not any(p.changed for p in rec.params):
        return clear()  # nothing trains at all: that is missing-optimizer-step's case
    frozen = []
    for p in rec.params:
        if p.changed:
            continue
        if not p.requires_grad:
            frozen.append(f"{p.name} (requires_grad=False)")
        elif p.in_optimizer is False:
            frozen.append(f"{p.name} (in no optimizer param group)")
        elif p.lr == 0:
            frozen.append(f"{p.name} (its param group has lr=0)")
    if frozen:
        shown = ", ".join(frozen[:4]) + (f" (+{len(frozen) - 4} more)" if len(frozen) > 4 else "")
        return fire(
            f"{len(frozen)} of {len(rec.params)} tensors the model uses never changed in {rec.steps} steps: {shown}"
        )
    return clear()


@rule(
    "dead-relu",
    family="updates",
    phase="during",
    severity="warning",
    advice="Many units output zero for every input and pass no gradient: lower the learning rate, check the "
    "initialisation (biases pushed far negative), normalise the inputs, or try LeakyReLU.",
    DEAD_SHARE=0.6,
    LAST=3,
    MIN_BACKWARDS=60,
)
def dead_relu(rec: Recording, t) -> object:  # noqa: ANN001
    """In a hidden layer, more than DEAD_SHARE of the units got exactly zero gradient (weights and bias) from
    every sample of the batch, on each of the LAST sampled backward passes (batches of 16 or more).

    A ReLU unit that is off for every input passes nothing back; smooth activations never give exact zeros.
    Healthy CNNs often have a third of their dense units off for a whole batch, hence the bar above half.
    Decided after MIN_BACKWARDS backward passes.
    """
    samples = [g for g in rec.grads if g.dead]
    if len(samples) < t.LAST or (rec.backwards < t.MIN_BACKWARDS and not rec.ended):
        if rec.ended:
            return (
                unchecked("no hidden nn.Linear/Conv layer was seen with batches of 16 or more")
                if not samples
                else clear()
            )
        return pending("too few sampled steps")
    last = samples[-t.LAST :]
    layers = set.intersection(*(set(g.dead) for g in last))
    dead = {name: min(g.dead[name] for g in last) for name in layers}
    worst = max(dead.items(), key=lambda kv: kv[1], default=None)
    if worst is not None and worst[1] > t.DEAD_SHARE:
        return fire(
            f"{worst[1]:.0%} of the units of '{worst[0]}' got zero gradient from every sample of the last {t.LAST} checked batches"
        )
    return clear()
