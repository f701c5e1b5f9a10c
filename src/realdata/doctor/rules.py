"""The diagnosis rules: each reads a ``Recorder`` and returns a Finding or None.

Every rule documents its threshold and why. They follow the lesson's checklist:
phase 1 before training (shapes, data), phase 2 the first iteration (gradients,
what goes into the loss), phase 3 during training (loss and accuracy, train and
test), phase 4 the diagnosis by symptom.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable

from torch import nn

from realdata.doctor.findings import Finding
from realdata.doctor.gradients import VANISHING_RATIO, gradient_health
from realdata.doctor.instrument import Recorder, base_dataset

Rule = Callable[[Recorder, BaseException | None], Finding | None]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


def _fmt_shape(shape: tuple) -> str:
    return "[" + ", ".join(map(str, shape)) + "]"


# --------------------------------------------------------------------------- phase 1: before


@rule
def shape_mismatch(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """A crash inside a layer whose message is about shapes (``mat1 and mat2``, ``size mismatch``...).

    The innermost module on the forward stack when the exception escaped is the
    layer that received the wrong shape; for a Linear we say what it expected.
    """
    if exc is None or not rec.crash_stack:
        return None
    text = ""
    cause: BaseException | None = exc
    while cause is not None:  # tools such as torchinfo wrap the original error
        if isinstance(cause, RuntimeError) and any(
            s in str(cause)
            for s in ("mat1 and mat2", "size mismatch", "shape", "must match the size", "Expected")
        ):
            text = str(cause)
            break
        cause = cause.__cause__ or cause.__context__
    if not text:
        return None
    name, module, shapes = rec.crash_stack[-1]
    got = _fmt_shape(shapes[0]) if shapes else "?"
    expected = ""
    if isinstance(module, nn.Linear):
        expected = f"; it expects [..., {module.in_features}] (in_features={module.in_features})"
    elif isinstance(module, nn.Conv2d | nn.BatchNorm1d | nn.BatchNorm2d):
        expected = f"; it is {module}"
    return Finding(
        "shape-mismatch",
        "before" if rec.steps == 0 else "during",
        "error",
        f"layer '{name}' ({type(module).__name__}) received input of shape {got}{expected}. PyTorch said: {text.splitlines()[0]}",
    )


@rule
def unnormalized_inputs(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """Inputs far from normalised: |mean| > 3, std > 10 or max |x| > 50 on the first batches.

    Raw 0-255 pixels give mean ~33, std ~78. Inputs in [0, 1] (ToTensor without
    Normalize) are not flagged: they train fine, if a little slower.
    """
    if not rec.input_stats:
        return None
    mean = statistics.fmean(s[0] for s in rec.input_stats)
    std = statistics.fmean(s[1] for s in rec.input_stats)
    peak = max(s[2] for s in rec.input_stats)
    if abs(mean) > 3 or std > 10 or peak > 50:
        return Finding(
            "unnormalized-inputs",
            "before",
            "warning",
            f"model inputs on the first {len(rec.input_stats)} batches: mean {mean:.1f}, std {std:.1f}, max |x| {peak:.0f}",
        )
    return None


@rule
def label_mismatch(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """Class labels outside 0..C-1 for a model with C outputs (cross-entropy fails with 'out of bounds')."""
    if exc is not None and ("out of bounds" in str(exc) or "Assertion `t >= 0 && t < n_classes`" in str(exc)):
        ce = [c for c in rec.losses if c.n_classes]
        outputs = f" for {ce[-1].n_classes} model outputs" if ce else ""
        return Finding("label-mismatch", "first-iteration", "error", f"{str(exc).splitlines()[0]}{outputs}")
    return None


# --------------------------------------------------------------------------- phase 2: first iteration


@rule
def softmax_before_cross_entropy(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """Cross-entropy inputs that already are probabilities: every value in [0, 1], rows summing to 1.

    Raw logits essentially never look like this; we flag it when 80% of the
    checked training calls do.
    """
    checked = [c for c in rec.training_losses() if c.kind == "cross_entropy" and c.softmaxed is not None]
    if len(checked) >= 3 and sum(c.softmaxed for c in checked) >= 0.8 * len(checked):
        return Finding(
            "softmax-before-cross-entropy",
            "first-iteration",
            "error",
            f"{sum(c.softmaxed for c in checked)} of {len(checked)} checked cross-entropy inputs were rows of "
            "probabilities (all in [0, 1], summing to 1), not logits",
        )
    return None


@rule
def wrong_loss_for_classification(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """MSE/L1 against one-hot or integer class targets: a classification task trained with a regression loss."""
    calls = [c for c in rec.training_losses() if c.kind in {"mse", "l1", "smooth_l1"} and c.summarised]
    flagged = [c for c in calls if c.onehot_target or c.integer_target]
    if calls and len(flagged) >= 0.8 * len(calls):
        what = "one-hot vectors" if flagged[0].onehot_target else "integer class labels"
        return Finding(
            "wrong-loss-for-classification",
            "first-iteration",
            "warning",
            f"{flagged[0].kind} loss on {len(flagged)} of {len(calls)} training steps with targets that are {what}",
        )
    return None


@rule
def gradient_checks(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """The pulse on the first step: exploding (a norm > 100 or not finite) or vanishing (first layer 10,000x smaller)."""
    if not rec.first_grad_norms:
        return None
    health = gradient_health(rec.first_grad_norms)
    if health.verdict == "vanishing":
        return Finding(
            "vanishing-gradients", "first-iteration", "warning", f"first-step gradient norms: {health.reason}"
        )
    if health.verdict == "exploding":
        return Finding(
            "exploding-gradients", "first-iteration", "error", f"first-step gradient norms: {health.reason}"
        )
    return None


# --------------------------------------------------------------------------- phase 3: during


@rule
def exploding_loss(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """A NaN or infinite training loss, or the total gradient norm growing past 1,000."""
    if rec.first_grad_norms and gradient_health(rec.first_grad_norms).verdict == "exploding":
        return None  # already reported on the first iteration
    for c in rec.training_losses():
        if not math.isfinite(c.value):
            return Finding(
                "exploding-gradients",
                "during",
                "error",
                f"the training loss became {c.value} at step {c.step}",
            )
    big = [(k, n) for k, n in rec.grad_norm_samples if not math.isfinite(n) or n > 1000]
    if big:
        return Finding(
            "exploding-gradients",
            "during",
            "error",
            f"total gradient norm {big[0][1]:.3g} at step {big[0][0]}",
        )
    return None


@rule
def same_batch_every_step(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """90% or more of at least 10 training steps saw the very same input batch.

    Real mini-batch training draws a new batch each step; the same fingerprint
    step after step means the loop trains on one fixed batch (a suspiciously
    smooth loss curve).
    """
    fps = rec.input_fps
    if len(fps) < 10 or rec.steps < 10:
        return None
    most, count = max(((fp, fps.count(fp)) for fp in set(fps)), key=lambda t: t[1])
    targets = [c.target_fp for c in rec.training_losses() if c.target_fp is not None]
    same_targets = not targets or max(targets.count(t) for t in set(targets)) >= 0.9 * len(targets)
    if count >= 0.9 * len(fps) and same_targets:
        return Finding(
            "same-batch-every-step",
            "during",
            "error",
            f"{count} of {len(fps)} training forward passes received the identical batch",
        )
    return None


@rule
def unshuffled_sorted_data(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """Training batches that follow the data's stored order: each holds few classes, or targets rise batch by batch.

    For classes: the mean number of distinct labels per batch is under half of
    the number seen overall. For regression targets: the batch means rise in 90%
    of consecutive pairs. Shuffled batches are fair samples and show neither.
    """
    calls = [c for c in rec.training_losses() if c.loader in rec.train_loader_ids()]
    first_epoch = [c for c in calls if c.epoch == (calls[0].epoch if calls else 0)]
    if len(first_epoch) < 8:
        return None
    sampler = rec.loaders[first_epoch[0].loader].sampler if first_epoch[0].loader in rec.loaders else "?"
    with_classes = [c for c in first_epoch if c.target_counts]
    if with_classes:
        overall = {i for c in with_classes for i, n in enumerate(c.target_counts) if n}
        per_batch = statistics.fmean(sum(1 for n in c.target_counts if n) for c in with_classes)
        if len(overall) >= 3 and per_batch < 0.5 * len(overall):
            return Finding(
                "unshuffled-sorted-data",
                "during",
                "warning",
                f"training batches hold {per_batch:.1f} distinct classes on average out of {len(overall)} "
                f"(sampler: {sampler})",
            )
        return None
    means = [c.target_mean for c in first_epoch if c.target_mean is not None]
    if len(means) >= 8 and max(means) - min(means) > 1e-6:
        rising = sum(b > a for a, b in zip(means, means[1:], strict=False)) / (len(means) - 1)
        if rising >= 0.9:
            return Finding(
                "unshuffled-sorted-data",
                "during",
                "warning",
                f"the mean target rose from batch to batch in {rising:.0%} of the first epoch (sampler: {sampler})",
            )
    return None


@rule
def missing_eval_mode(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """Dropout or batch norm ran in training mode during evaluation (no autograd, or a loader never trained on)."""
    eval_loaders = {i for i, info in rec.loaders.items() if info.steps_during == 0}
    in_eval_loaders = sum(n for i, n in rec.train_mode_by_loader.items() if i in eval_loaders)
    no_grad = sum(rec.train_mode_in_eval.values())
    if rec.steps and (no_grad or in_eval_loaders):
        kinds = ", ".join(sorted(rec.train_mode_in_eval)) or "Dropout/BatchNorm"
        return Finding(
            "missing-eval-mode",
            "during",
            "warning",
            f"{max(no_grad, in_eval_loaders)} evaluation forward calls of {kinds} layers ran in training mode",
        )
    return None


@rule
def missing_zero_grad(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """At least 5 optimizer steps, zero_grad never called, and the gradient norm grew 3x or more."""
    if rec.steps < 5 or rec.zero_grads:
        return None
    samples = dict(rec.grad_norm_samples)
    first, later = samples.get(0), samples.get(min(10, rec.steps - 1))
    growth = later / first if first and later else None
    if growth is None or growth >= 3:
        grew = (
            f", total gradient norm grew {growth:.1f}x from step 0 to step {min(10, rec.steps - 1)}"
            if growth
            else ""
        )
        return Finding(
            "missing-zero-grad",
            "during",
            "error",
            f"{rec.steps} optimizer steps and no zero_grad() call{grew}",
        )
    return None


@rule
def missing_optimizer_step(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """backward() ran 10+ times but the weights never changed (no optimizer.step(), nor a manual update)."""
    if rec.backwards < 10 or not rec.roots or rec.steps:
        return None
    changed = _changed(rec)
    if changed is not None and not any(changed.values()):
        return Finding(
            "missing-optimizer-step",
            "during",
            "error",
            f"loss.backward() ran {rec.backwards} times, optimizer.step() never, and no weight changed",
        )
    return None


def _changed(rec: Recorder) -> dict[str, bool] | None:
    if not rec.start_params:
        return None
    result = {}
    for root in rec.roots.values():
        for name, p in root.named_parameters():
            start = rec.start_params.get(id(p))
            if start is not None and start.shape == p.shape:
                result[name] = not bool((p.detach() == start).all())
    return result


@rule
def frozen_parameters(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """After 10+ steps some parameters of the trained model never changed while others did."""
    if rec.steps < 10:
        return None
    changed = _changed(rec)
    if not changed or not any(changed.values()):
        return None
    frozen = [n for n, c in changed.items() if not c]
    if frozen:
        shown = ", ".join(frozen[:4]) + (f" (+{len(frozen) - 4} more)" if len(frozen) > 4 else "")
        return Finding(
            "frozen-parameters",
            "after",
            "warning",
            f"{len(frozen)} of {len(changed)} parameter tensors never changed in {rec.steps} steps: {shown}",
        )
    return None


@rule
def learning_rate_too_low(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """Healthy gradients, but each step moves the weights by less than 1e-4 of their size and the loss
    falls by less than 5% over the run."""
    if rec.steps < 20 or not rec.update_ratios or not rec.first_grad_norms:
        return None
    if gradient_health(rec.first_grad_norms).verdict != "healthy":
        return None
    ratio = statistics.fmean(rec.update_ratios)
    epochs = rec.per_epoch(
        [c for c in rec.training_losses() if c.loader in rec.train_loader_ids()] or rec.training_losses()
    )
    losses = [e["loss"] for e in epochs] if len(epochs) >= 2 else [c.value for c in rec.training_losses()]
    if len(losses) < 2 or not all(math.isfinite(v) for v in losses):
        return None
    drop = (losses[0] - losses[-1]) / abs(losses[0]) if losses[0] else 0.0
    if ratio < 1e-4 and drop < 0.05:
        lrs = sorted({g.get("lr") for o in rec.optimizers for g in o.param_groups})
        return Finding(
            "learning-rate-too-low",
            "during",
            "warning",
            f"lr {lrs}: each step changes the weights by {ratio:.1e} of their norm; the loss went "
            f"{losses[0]:.4f} -> {losses[-1]:.4f} ({drop:.1%})",
        )
    return None


@rule
def dead_relu(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """More than half of a ReLU layer's units output zero for every sample of the latest checked batch."""
    if rec.relu_modules:
        source = rec.dead_relu
    elif not rec.other_activations:
        source = rec.dead_linear  # models that call torch.relu: judge by the hidden pre-activations
    else:
        return None
    dead = {k: v for k, v in source.items() if v > 0.5}
    if dead and rec.steps:
        name, frac = max(dead.items(), key=lambda kv: kv[1])
        return Finding(
            "dead-relu",
            "during",
            "warning",
            f"{frac:.0%} of the units after '{name}' were zero for the whole batch",
        )
    return None


# --------------------------------------------------------------------------- phase 4: by symptom


@rule
def class_prior_collapse(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """The loss fell but the model predicts one class for 90% of inputs and its accuracy stays within
    5 points of the majority-class rate: it learned the class prior, not the task."""
    calls = [c for c in rec.losses if c.pred_counts and c.target_counts]
    if len(calls) < 20:
        return None
    train = [c for c in calls if c.training]
    tail = calls[-max(5, len(calls) // 5) :]
    preds = [sum(x) for x in zip(*(c.pred_counts for c in tail), strict=False)]
    targets = [sum(x) for x in zip(*(c.target_counts for c in tail), strict=False)]
    n = sum(preds)
    top_share = max(preds) / n
    majority = max(targets) / sum(targets)
    accuracy = sum(c.correct for c in tail) / n
    fell = len(train) >= 10 and train[-1].value < train[0].value
    if top_share >= 0.9 and accuracy <= majority + 0.05 and fell:
        return Finding(
            "class-prior-collapse",
            "during",
            "error",
            f"loss {train[0].value:.3f} -> {train[-1].value:.3f}, but {top_share:.0%} of recent predictions are "
            f"one class and accuracy {accuracy:.1%} is the majority-class rate ({majority:.1%})",
        )
    return None


@rule
def test_set_leak(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """The model was trained on the data it is evaluated on (the same dataset), or on a test split."""
    train_ids = rec.train_loader_ids()
    train_sets = {id(base_dataset(rec.loaders[i].dataset)): rec.loaders[i].dataset for i in train_ids}
    for i, info in rec.loaders.items():
        if i in train_ids:
            ds = base_dataset(info.dataset)
            if getattr(ds, "train", True) is False:
                return Finding(
                    "test-set-leak",
                    "before",
                    "error",
                    f"the training loader iterates {type(ds).__name__}(train=False), the test split",
                )
        elif id(base_dataset(info.dataset)) in train_sets:
            return Finding(
                "test-set-leak",
                "after",
                "error",
                "the evaluation loader iterates the same dataset the model was trained on",
            )
    return None


@rule
def overfitting(rec: Recorder, exc: BaseException | None) -> Finding | None:
    """Evaluation loss rose 10% above its best for the last 2+ evaluations while training loss kept
    falling, or training accuracy ended 15+ points above evaluation accuracy (3+ epochs)."""
    train_ids = rec.train_loader_ids()
    train = rec.per_epoch([c for c in rec.training_losses() if c.loader in train_ids])
    evals = rec.per_epoch([c for c in rec.eval_losses() if c.loader not in train_ids])
    if len(train) < 3 or len(evals) < 3:
        return None
    losses = [e["loss"] for e in evals]
    best = min(range(len(losses)), key=losses.__getitem__)
    rising = best <= len(losses) - 3 and all(v > 1.1 * losses[best] for v in losses[best + 1 :][-2:])
    train_falling = train[-1]["loss"] < train[min(best, len(train) - 1)]["loss"]
    gap = None
    if train[-1]["accuracy"] is not None and evals[-1]["accuracy"] is not None:
        gap = train[-1]["accuracy"] - evals[-1]["accuracy"]
    if (rising and train_falling) or (gap is not None and gap > 0.15):
        acc = (
            f"; train accuracy {train[-1]['accuracy']:.1%}, evaluation {evals[-1]['accuracy']:.1%}"
            if gap is not None
            else ""
        )
        return Finding(
            "overfitting",
            "after",
            "warning",
            f"evaluation loss best {losses[best]:.3f} at evaluation {best + 1}, last {losses[-1]:.3f}; training loss "
            f"{train[0]['loss']:.3f} -> {train[-1]['loss']:.3f}{acc}",
        )
    return None


def diagnose(rec: Recorder, exc: BaseException | None = None) -> list[Finding]:
    """Run every rule; one finding per category, in the checklist's phase order."""
    findings: dict[str, Finding] = {}
    for r in RULES:
        try:
            f = r(rec, exc)
        except Exception as err:  # a rule must never hide the script's own result
            f = None
            rec.rule_errors.append(f"rule {r.__name__} could not decide: {type(err).__name__}: {err}")
        if f is not None and f.category not in findings:
            findings[f.category] = f
    order = {"before": 0, "first-iteration": 1, "during": 2, "after": 3}
    return sorted(findings.values(), key=lambda f: order[f.phase])


__all__ = ["RULES", "VANISHING_RATIO", "diagnose"]
