"""Views of a recording that several rules share: evaluation rounds, chance level, whether the model learns."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from realdata.doctor.recording import Forward, Recording, window_mean

CE_LIKE = {"cross_entropy", "nll", "bce", "bce_logits"}
TRAIN_DATA_SHARE = 0.3  # an evaluation whose samples are this much training data is not held out
LEARNED = 0.9  # a loss below LEARNED x chance level has clearly learned something


@dataclass
class EvalRound:
    """Consecutive evaluation calls of the model on one source (a loader, or tensors)."""

    loader: int | None
    first_seq: int
    backwards_before: int
    forwards: list[Forward] = field(default_factory=list)
    train_share: float = 0.0  # share of its samples that were also trained on
    seen_before: bool = False  # its first call was mostly on data trained on

    @property
    def n(self) -> int:
        return sum(f.n for f in self.forwards)

    @property
    def labelled(self) -> list[Forward]:
        return [f for f in self.forwards if f.correct is not None]

    @property
    def accuracy(self) -> float | None:
        done = self.labelled
        total = sum(len(f.labels) for f in done)
        return sum(f.correct for f in done) / total if total else None

    @property
    def loss(self) -> float | None:
        with_loss = [f for f in self.forwards if f.loss is not None and math.isfinite(f.loss)]
        total = sum(f.n for f in with_loss)
        return sum(f.loss * f.n for f in with_loss) / total if total else None

    def counts(self) -> tuple[Counter, Counter]:
        preds, labels = Counter(), Counter()
        for f in self.labelled:
            preds.update(f.preds.tolist())
            labels.update(f.labels.tolist())
        return preds, labels


def _train_share(rec: Recording, forwards: list[Forward]) -> float:
    """Share of the distinct samples of these calls that were also trained on.

    Distinct, because identical inputs (blanked images) share one fingerprint and say nothing
    about where the samples came from.
    """
    keys = {k for f in forwards for k in (f.keys or ())}
    trained = rec.train_key_set()
    return sum(k in trained for k in keys) / len(keys) if keys else 0.0


def distinct_samples(forwards: list[Forward]) -> int:
    return len({k for f in forwards for k in (f.keys or ())})


def eval_rounds(rec: Recording) -> list[EvalRound]:
    """The evaluation calls grouped into rounds.

    A training call starts a new round, and so does a change of source: another loader,
    or (for tensors passed by hand) a switch between data that was trained on and data
    that was not, as when a script measures its training set and then its test set.
    """
    rounds: list[EvalRound] = []
    evaluated = {f.seq for f in rec.evaluated()}
    current: EvalRound | None = None
    for f in rec.forwards:
        if f.seq not in evaluated:
            if f.trained:
                current = None
            continue
        seen = _train_share(rec, [f]) >= TRAIN_DATA_SHARE
        if current is None or current.loader != f.loader or current.seen_before != seen:
            current = EvalRound(f.loader, f.seq, f.backwards_before, seen_before=seen)
            rounds.append(current)
        current.forwards.append(f)
    for r in rounds:
        r.train_share = _train_share(rec, r.forwards)
    return rounds


def held_out_rounds(rec: Recording) -> list[EvalRound]:
    """Evaluation rounds on data the model was not trained on (after training started)."""
    return [r for r in eval_rounds(rec) if r.train_share < TRAIN_DATA_SHARE and r.backwards_before > 0]


def held_out_accuracy(rec: Recording) -> tuple[float, float] | None:
    """(accuracy, majority-class rate) of the latest held-out evaluation with labels, or None."""
    for r in reversed(held_out_rounds(rec)):
        acc = r.accuracy
        if acc is not None:
            _, labels = r.counts()
            return acc, max(labels.values()) / sum(labels.values())
    return None


def chance_loss(rec: Recording) -> float | None:
    """The loss of a uniform guess: ln(number of classes) for cross-entropy-like losses, else None."""
    kind = rec.loss_kind()
    classes = rec.classes()
    if kind in {"bce", "bce_logits"}:
        return math.log(2)
    if classes is None or classes < 2:
        return None
    chance = math.log(classes)
    if kind in {"cross_entropy", "nll"}:
        return chance
    if kind == "custom" and rec.train_losses and abs(rec.train_losses[0] - chance) < 0.25 * chance:
        return chance  # a hand-written cross-entropy starts where the built-in one does
    return None


def settled(rec: Recording, steps: int = 300) -> bool:
    """Has training run long enough to judge that the loss is not falling: the end of the run, a full pass
    over a training loader, or (without a loader) `steps` training steps. Models often start slowly."""
    if rec.ended:
        return True
    if any(rec.loaders[i].exhausted for i in rec.train_loader_ids() if i in rec.loaders):
        return True
    return not rec.train_loader_ids() and rec.backwards >= steps


def smoothed(values: list[float], parts: int = 10) -> list[float]:
    """Means of `parts` consecutive windows of the values."""
    return [window_mean(values, i / parts, (i + 1) / parts) for i in range(parts)] if values else []


def learned_below_chance(rec: Recording, min_steps: int = 50, factor: float = LEARNED) -> bool | None:
    """Did the training loss fall below factor x chance level at some point? None: cannot tell (yet)."""
    chance = chance_loss(rec)
    values = [v for v in rec.train_losses if math.isfinite(v)]
    if chance is None or len(values) < 10:
        return None
    best = min(smoothed(values, parts=min(10, len(values) // 5)))
    if best < factor * chance:
        return True  # clearly learned: no need to wait
    return False if len(values) >= min_steps else None
