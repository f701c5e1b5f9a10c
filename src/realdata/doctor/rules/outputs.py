"""Loss and output rules: what the model's outputs are, and what the loss makes of them."""

from __future__ import annotations

import math
import re
from collections import Counter

from realdata.doctor.recording import Recording, entropy, window_mean
from realdata.doctor.registry import clear, fire, pending, rule, unchecked
from realdata.doctor.rules.common import CE_LIKE, chance_loss, held_out_rounds, learned_below_chance, settled

_SHAPE_WORDS = re.compile(
    r"shape|size|dimension|mat1|mat2|channels|batch_size|1D target|multi-target|same number of", re.I
)
_NOT_SHAPES = re.compile(r"out of bounds|device|scalar type|dtype|out of memory|CUDA", re.I)


@rule(
    "shape-mismatch",
    family="outputs",
    phase="before",
    severity="error",
    advice="Shape errors are plumbing, not design: run torchinfo.summary(model, input_size=...) before training "
    "and make the named layer's input size match what arrives (often a missing nn.Flatten(), a wrong "
    "in_features, or a view(-1, N) with the wrong N that folds the batch).",
)
def shape_mismatch(rec: Recording, t) -> object:  # noqa: ANN001
    """The script stopped with an error whose message is about mismatched shapes or sizes.

    Any layer, any loss, any line: the evidence names the innermost layer whose forward
    was running (and the shape it received), the loss's input and target shapes when a
    loss call failed, and the script's own line.
    """
    crash = rec.crash
    if crash is not None and _SHAPE_WORDS.search(crash.message) and not _NOT_SHAPES.search(crash.message):
        parts = []
        if crash.layers:
            parts.append(f"layer {crash.layers[-1]}")
        elif crash.loss_shapes:
            kind, got, target = crash.loss_shapes
            parts.append(
                f"the {kind} loss got outputs of shape {list(got)} and targets of shape {list(target)}"
            )
        if crash.line:
            parts.append(f"at {crash.line}")
        parts.append(f"PyTorch said: {crash.type}: {crash.message.strip().splitlines()[0]}")
        return fire("; ".join(parts))
    if rec.ended or rec.backwards:
        return clear()  # a full training step ran: the shapes fit
    return pending("no training step yet")


@rule(
    "softmax-before-cross-entropy",
    family="outputs",
    phase="first-iteration",
    severity="error",
    advice="Pass raw logits to nn.CrossEntropyLoss / F.cross_entropy: it applies log-softmax itself. Remove "
    "the softmax before the loss (keep it only to show probabilities); nll_loss wants log_softmax, not softmax; "
    "BCEWithLogitsLoss wants logits, not sigmoid outputs.",
    MIN_CALLS=3,
    SHARE=0.8,
)
def softmax_before_cross_entropy(rec: Recording, t) -> object:  # noqa: ANN001
    """The loss's input was already squashed: SHARE or more of at least MIN_CALLS checked training calls.

    cross_entropy given rows that are probabilities (all in [0, 1], summing to 1) or
    log-probabilities (log_softmax: logsumexp 0); nll_loss given probabilities instead of
    log-probabilities; binary_cross_entropy_with_logits given values all in [0, 1]
    (sigmoid outputs). Raw logits essentially never look like any of these.
    """
    calls = [c for c in rec.losses if c.grad and c.checked]
    found = {}
    for kind, attr, what in (
        ("cross_entropy", "prob_rows", "probabilities (softmax applied), not logits"),
        ("cross_entropy", "logprob_rows", "log-probabilities (log_softmax applied), not logits"),
        ("nll", "prob_rows", "probabilities; nll_loss expects log-probabilities (log_softmax)"),
        ("bce_logits", "unit_interval", "all within [0, 1] (sigmoid applied), not logits"),
    ):
        checked = [c for c in calls if c.kind == kind and getattr(c, attr) is not None]
        if len(checked) >= t.MIN_CALLS:
            hits = sum(bool(getattr(c, attr)) for c in checked)
            found[(kind, attr)] = (hits, len(checked), what)
    for (kind, _), (hits, n, what) in found.items():
        if hits >= t.SHARE * n:
            return fire(f"{hits} of {n} checked {kind} calls in training got inputs that are {what}")
    if found:
        return clear()
    if not any(c.kind in {"cross_entropy", "nll", "bce_logits"} for c in rec.losses):
        return clear() if rec.ended or rec.backwards >= 10 else pending("no loss call yet")
    return (
        unchecked("too few loss calls were checked") if rec.ended else pending("too few loss calls checked")
    )


@rule(
    "wrong-loss-for-classification",
    family="outputs",
    phase="first-iteration",
    severity="warning",
    advice="Use nn.CrossEntropyLoss on logits with integer class labels for classification: a regression "
    "loss (MSE, L1) measures distance between numbers, not confidence in the right class.",
    MIN_CALLS=3,
    SHARE=0.8,
    MAX_VALUES=20,
    MIN_VALUES=2,
)
def wrong_loss_for_classification(rec: Recording, t) -> object:  # noqa: ANN001
    """Class labels trained with a regression loss: SHARE of at least MIN_CALLS checked training calls of
    mse/l1/smooth_l1/huber had targets that are one-hot rows, or class indices (the integers 0, 1, 2, ...:
    between MIN_VALUES and MAX_VALUES distinct values over the run, none negative or above MAX_VALUES - 1),
    including one output regressing the class number. Whatever the loss's code: a model with one output trained
    against 3 or more class labels, or SHARE of at least MIN_CALLS checked training steps whose output gradient
    rows do not sum to zero (a softmax inside the loss makes them sum to zero).
    """
    single = [f for f in rec.trained() if f.out_dim == 1 and f.has_labels]
    if len(single) >= t.MIN_CALLS and rec.loss_kind() not in {"bce", "bce_logits"}:
        classes = len(rec.label_counts(single))
        if classes >= 3:
            return fire(
                f"a model with one output is trained against {classes} class labels: it regresses the class "
                "number, as if 7 were closer to 8 than to 1"
            )
    signed = [f for f in rec.trained() if f.zero_sum_grad is not None and f.has_labels]
    if len(signed) >= t.MIN_CALLS and rec.loss_kind() not in {"cross_entropy", "nll"}:
        off = sum(not f.zero_sum_grad for f in signed)
        if off >= t.SHARE * len(signed):
            return fire(
                f"on {off} of {len(signed)} checked training steps the gradient on the {signed[0].out_dim} outputs "
                "is that of a regression loss (its rows do not sum to zero, as a softmax cross-entropy's do)"
            )
    calls = [c for c in rec.losses if c.grad and c.checked and c.kind in {"mse", "l1", "smooth_l1", "huber"}]
    if len(calls) < t.MIN_CALLS:
        if rec.ended or rec.backwards >= 10:
            return clear() if not calls else unchecked("too few regression-loss calls were checked")
        return pending("too few loss calls checked")
    values = {v for c in calls for v in c.target_values}
    onehot = sum(c.onehot_targets for c in calls)
    indices = sum(c.class_targets and not c.onehot_targets for c in calls)
    if onehot >= t.SHARE * len(calls):
        return fire(
            f"{calls[0].kind} loss on {onehot} of {len(calls)} checked training calls with one-hot class targets"
        )
    looks_like_indices = values and min(values) == 0 and max(values) <= t.MAX_VALUES - 1
    if indices >= t.SHARE * len(calls) and t.MIN_VALUES <= len(values) <= t.MAX_VALUES and looks_like_indices:
        shown = ", ".join(f"{v:g}" for v in sorted(values)[:10])
        return fire(
            f"{calls[0].kind} loss on {indices} of {len(calls)} checked training calls with class-number targets "
            f"({len(values)} distinct values: {shown})"
        )
    return clear()


def _prediction_spread(preds: Counter, labels: Counter) -> tuple[float, float, float]:
    """(share of the commonest prediction, total-variation distance to the label frequencies, chance agreement)."""
    n_p, n_l = sum(preds.values()), sum(labels.values())
    top = max(preds.values()) / n_p
    classes = set(preds) | set(labels)
    tv = 0.5 * sum(abs(preds[c] / n_p - labels[c] / n_l) for c in classes)
    agree = sum((labels[c] / n_l) ** 2 for c in labels)
    return top, tv, agree


@rule(
    "class-prior-collapse",
    family="outputs",
    phase="during",
    severity="error",
    advice="Loss going down does not mean training is working: the model only learned how often each class "
    "occurs. Look at its predictions and take the pulse (gradient norms): a layer that passes nothing on "
    "(dropout p=1.0, dead units), blanked inputs, or a model too weak for the task.",
    MIN_STEPS=100,
    LOSS_TOL=0.15,
    TOP_SHARE=0.8,
    TV=0.1,
    ABOVE_CHANCE=0.05,
)
def class_prior_collapse(rec: Recording, t) -> object:  # noqa: ANN001
    """The predictions pile up on one class, or follow the label frequencies, while the loss stalls near
    the prior's entropy.

    After MIN_STEPS training steps (and a full pass over the training data, or the end of the run): the late
    training loss (last 20%) is within LOSS_TOL x (entropy + 0.1)
    of the entropy of the training labels (what a model that only knows the class frequencies scores);
    and the latest held-out predictions, or the late training predictions (judged batch by batch, as the
    weights move between batches), either put TOP_SHARE of the
    samples in one class, or match the label frequencies within total-variation TV while agreeing with
    the labels no more than chance + ABOVE_CHANCE.
    """
    if rec.loss_kind() not in CE_LIKE | {"custom"} or chance_loss(rec) is None:
        return clear() if rec.ended else pending("no classification loss seen yet")
    values = [v for v in rec.train_losses if math.isfinite(v)]
    labels = rec.label_counts()
    if len(values) >= 10 and len(labels) >= 2:
        late = window_mean(values, 0.8, 1.0)
        if late < entropy(labels) - t.LOSS_TOL * (entropy(labels) + 0.1):
            return clear()  # clearly below what the class frequencies alone give: no need to wait
    if len(values) < t.MIN_STEPS:
        return (
            pending("fewer training steps than needed")
            if not rec.ended
            else unchecked("too few training steps")
        )
    if len(labels) < 2:
        return unchecked("no class labels seen in training")
    prior = entropy(labels)
    late = window_mean(values, 0.8, 1.0)
    if abs(late - prior) > t.LOSS_TOL * (prior + 0.1):
        return clear()
    if not settled(rec):
        return pending("the loss may still start to fall")
    sources = []
    held = [r for r in held_out_rounds(rec) if r.labelled]
    if held:
        sources.append(("held-out", *held[-1].counts(), held[-1].accuracy))
    trained = rec.trained()
    tail = [f for f in trained[-max(20, len(trained) // 5) :] if f.correct is not None]  # predictions are
    # kept on sampled training calls: those in the last fifth of the run
    if tail:
        preds, lab = Counter(), Counter()
        for f in tail:
            preds.update(f.preds.tolist())
            lab.update(f.labels.tolist())
        # the weights move between training steps: judge each batch on its own (one class per batch)
        per_batch = sum(max(Counter(f.preds.tolist()).values()) / len(f.preds) for f in tail) / len(tail)
        sources.append(
            ("late training", preds, lab, sum(f.correct for f in tail) / sum(lab.values()), per_batch)
        )
    for where, preds, lab, accuracy, *within in sources:
        if not preds:
            continue
        top, tv, agree = _prediction_spread(preds, lab)
        top = max([top, *within])
        majority = max(lab.values()) / sum(lab.values())
        if top >= t.TOP_SHARE and accuracy <= majority + t.ABOVE_CHANCE:
            cls = preds.most_common(1)[0][0]
            return fire(
                f"training loss {values[0]:.3f} -> {late:.3f}, the entropy of the label frequencies is {prior:.3f}; "
                f"{top:.0%} of the {where} predictions fall on one class (most often {cls}), accuracy {accuracy:.1%} "
                f"(the commonest label is {majority:.0%} of the data)"
            )
        if tv <= t.TV and accuracy <= agree + t.ABOVE_CHANCE:
            return fire(
                f"training loss {values[0]:.3f} -> {late:.3f}, the entropy of the label frequencies is {prior:.3f}; "
                f"the {where} predictions follow the label frequencies (accuracy {accuracy:.1%}, what guessing "
                f"by frequency scores: {agree:.1%})"
            )
    return clear()


@rule(
    "not-learning",
    family="outputs",
    phase="after",
    severity="error",
    advice="The training loss never got clearly below a uniform guess. Work through the checklist: are the "
    "weights changing (optimizer.step, learning rate), do gradients reach every layer, do the labels belong "
    "to the inputs, do the predictions vary?",
    scenario=False,
    MIN_STEPS=50,
    LEARNED=0.9,
)
def not_learning(rec: Recording, t) -> object:  # noqa: ANN001
    """A floor under every other rule: after MIN_STEPS training steps (and a full pass over the training data,
    or the end of the run), the training loss (smoothed over tenths of the run) never fell below LEARNED x
    chance level (ln of the number of classes).

    Fires only when no other rule explains it; the evidence ranks the likeliest causes by what was recorded.
    """
    learned = learned_below_chance(rec, min_steps=t.MIN_STEPS, factor=t.LEARNED)
    if learned is False and not settled(rec):
        return pending("the loss may still start to fall")
    if learned is None:
        if rec.ended and chance_loss(rec) is not None and len(rec.train_losses) < t.MIN_STEPS:
            return unchecked(f"fewer than {t.MIN_STEPS} training steps")
        return clear() if rec.ended and chance_loss(rec) is None else pending("too few training steps")
    if learned:
        return clear()
    from realdata.doctor.rules.ranking import likely_causes

    chance = chance_loss(rec)
    values = [v for v in rec.train_losses if math.isfinite(v)]
    return fire(
        f"training loss {values[0]:.3f} -> {values[-1]:.3f} over {len(values)} steps; chance level is {chance:.3f} "
        f"(ln {rec.classes() or 2}). Likeliest causes, by the evidence: {likely_causes(rec)}"
    )
