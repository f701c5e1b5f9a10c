"""Generalisation rules: how the model is evaluated, on what data, and whether it generalises."""

from __future__ import annotations

from realdata.doctor.recording import Recording
from realdata.doctor.registry import clear, fire, pending, rule, unchecked
from realdata.doctor.rules.common import TRAIN_DATA_SHARE, distinct_samples, eval_rounds, held_out_rounds


@rule(
    "missing-eval-mode",
    family="generalisation",
    phase="during",
    severity="warning",
    advice="Call model.eval() before evaluating (and model.train() before training again): dropout and batch "
    "norm behave differently in the two modes. Setting model.training = False does not reach the layers.",
    MIN_CALLS=1,
)
def missing_eval_mode(rec: Recording, t) -> object:  # noqa: ANN001
    """At least MIN_CALLS evaluation calls of the model (no gradient flowed back through them) ran with a
    dropout (p > 0) or batch-norm layer in training mode.
    """
    if rec.forwards and not rec.mode_layers:
        return clear()  # no dropout or batch norm: the mode changes nothing
    evaluated = [f for f in rec.evaluated() if f.backwards_before > 0 or rec.ended]
    bad = [f for f in evaluated if f.train_mode_layers]
    if len(bad) >= t.MIN_CALLS:
        layers = sorted({name for f in bad for name in f.train_mode_layers})
        return fire(
            f"{len(bad)} of {len(evaluated)} evaluation calls of the model ran with {', '.join(layers[:3])} in "
            "training mode"
        )
    if evaluated:
        return clear()
    if rec.ended:
        return unchecked("the model was never evaluated") if rec.mode_layers else clear()
    return pending("no evaluation yet")


@rule(
    "test-set-leak",
    family="generalisation",
    phase="before",
    severity="error",
    advice="Never train on the test set: train on the training split (train=True), keep the test split apart, "
    "and only evaluate on it.",
    SHARE=TRAIN_DATA_SHARE,
    MIN_SAMPLES=50,
)
def test_set_leak(rec: Recording, t) -> object:  # noqa: ANN001
    """The model is trained on the data it is tested on: a training batch came from a dataset that says it is
    the test split (train=False), or every evaluation that is not on the training loader itself has SHARE or
    more of its distinct samples (MIN_SAMPLES or more) among the samples trained on.

    Samples are compared by fingerprints of the tensors that reach the model, so a copy, a concatenation or
    an overlapping Subset counts the same as the same object. Evaluating on the training loader as well as
    on a held-out set is fine.
    """
    for lid in rec.train_loader_ids():
        info = rec.loaders.get(lid)
        if info is not None and info.test_split:
            return fire(f"the training batches come from {info.dataset}(train=False): the test split")
    train_loaders = rec.train_loader_ids()
    rounds = [r for r in eval_rounds(rec) if r.backwards_before > 0 and r.loader not in train_loaders]
    seen = [r for r in rounds if distinct_samples(r.forwards) >= t.MIN_SAMPLES]
    if not seen:
        if rec.ended:
            return unchecked("no evaluation on data apart from the training loader was seen")
        return pending("no evaluation yet")
    trained_all = all(info.exhausted for lid, info in rec.loaders.items() if lid in train_loaders)
    if not rec.ended and not trained_all:
        return pending("the training data has not been seen in full yet")
    if all(r.train_share >= t.SHARE for r in seen):
        worst = min(seen, key=lambda r: r.train_share)
        return fire(
            f"{worst.train_share:.0%} of the evaluation samples ({worst.n} seen) were also trained on"
        )
    return clear()


@rule(
    "overfitting",
    family="generalisation",
    phase="after",
    severity="warning",
    advice="The scissors are opening: training keeps improving while test performance gets worse. Add dropout, "
    "batch norm or weight decay, get more data, or stop earlier.",
    GAP=0.15,
    RISE=1.1,
    MIN_EVALS=3,
)
def overfitting(rec: Recording, t) -> object:  # noqa: ANN001
    """Training pulls away from held-out data: at the last held-out evaluation, training accuracy (an
    evaluation on training data, else the training batches since the previous evaluation) is GAP or more
    above held-out accuracy; or, over MIN_EVALS or more evaluations, the held-out loss ends RISE x above its
    best for the last two while the training loss kept falling.
    """
    held = held_out_rounds(rec)
    if not held:
        return (
            unchecked("no evaluation on held-out data was seen")
            if rec.ended
            else pending("no held-out evaluation yet")
        )
    if not rec.ended:
        return pending("decided at the end of the run")
    last = held[-1]
    train_acc = None
    on_train = [r for r in eval_rounds(rec) if r.train_share >= TRAIN_DATA_SHARE and r.accuracy is not None]
    if on_train and on_train[-1].first_seq > (held[-2].first_seq if len(held) > 1 else -1):
        train_acc = on_train[-1].accuracy
    else:
        since = held[-2].first_seq if len(held) > 1 else -1
        window = [f for f in rec.trained() if since < f.seq < last.first_seq and f.correct is not None]
        total = sum(len(f.labels) for f in window)
        train_acc = sum(f.correct for f in window) / total if total else None
    held_acc = last.accuracy
    if train_acc is not None and held_acc is not None and train_acc - held_acc >= t.GAP:
        return fire(
            f"training accuracy {train_acc:.1%}, held-out accuracy {held_acc:.1%} at the last evaluation"
        )
    losses = [r.loss for r in held]
    if len(held) >= t.MIN_EVALS and all(v is not None for v in losses):
        best = min(range(len(losses)), key=losses.__getitem__)
        later = losses[best + 1 :][-2:]
        train_then = [f.loss for f in rec.trained() if f.loss is not None and f.seq < held[best].first_seq][
            -20:
        ]
        train_end = [f.loss for f in rec.trained() if f.loss is not None][-20:]
        if (
            len(later) == 2
            and all(v > t.RISE * losses[best] for v in later)
            and train_then
            and sum(train_end) / len(train_end) < sum(train_then) / len(train_then)
        ):
            return fire(
                f"held-out loss best {losses[best]:.3f} at evaluation {best + 1}, then {later[0]:.3f}, {later[1]:.3f}, "
                "while the training loss kept falling"
            )
    if held_acc is None and all(v is None for v in losses):
        return unchecked("the held-out evaluation had neither labels nor a loss")
    return clear()
