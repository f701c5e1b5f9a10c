"""What the doctor saw while a script trained: plain data, read by the rules.

The instruments (``instrument.py``) fill a ``Recording``; the rules (``rules/``)
read it. Nothing here knows how a script was written: every field describes what
training *did* (a model call, a backward pass, an optimizer step, a batch a loader
handed out), so a rule works the same on a flat loop, a ``Trainer`` class or a
notebook. Each rule reads only the parts it needs, which is also how the unit tests
build small synthetic recordings without training anything.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import torch


class RowBuffer:
    """Rows of floats written in place into a few large blocks, handed out as ``Rows`` (block, start, stop).

    What the instrument keeps from every training step goes here rather than into a new small tensor per
    step: thousands of small tensors kept alive among the script's large short-lived ones fragment the
    heap, and the script's own step then pays for fresh pages (here, 30-60k page faults an epoch).
    """

    def __init__(self, width: int | None, dtype: torch.dtype = torch.float32, block: int = 65_536) -> None:
        self.width, self.dtype, self.block = width, dtype, block  # width None: one value per row
        self.blocks: list[torch.Tensor] = []
        self.used = 0  # rows used in the last block
        self.capacity = 0  # rows in the last block

    def take(self, n: int) -> Rows:
        # (this runs on every training step: plain ints, no len() of a tensor)
        if not self.blocks or self.used + n > self.capacity:
            self.capacity = max(self.block, n)
            shape = (self.capacity,) if self.width is None else (self.capacity, self.width)
            self.blocks.append(torch.empty(shape, dtype=self.dtype))
            self.used = 0
        start = self.used
        self.used = start + n
        return Rows(self.blocks[-1], start, start + n)


class Rows:
    """Rows start:stop of a RowBuffer block (a plain slotted class: one is made on every training step)."""

    __slots__ = ("block", "start", "stop")

    def __init__(self, block: torch.Tensor, start: int, stop: int) -> None:
        self.block, self.start, self.stop = block, start, stop

    def __len__(self) -> int:
        return self.stop - self.start

    def tensor(self) -> torch.Tensor:
        return self.block[self.start : self.stop]


@dataclass(slots=True)
class Forward:
    """One call of the model (an outermost module that owns trainable parameters)."""

    seq: int
    grad: bool  # autograd was on during the call
    n: int  # batch size: the first dimension of the input (1 for an unbatched sample)
    loader: int | None = None  # id of the DataLoader whose batch was current, if any
    epoch: int = 0  # that loader's pass number (1 = first pass); 0 without a loader
    backwards_before: int = 0  # backward passes that ran before this call
    steps_before: int = 0  # optimizer steps that ran before this call
    fp: float | None = None  # fingerprint of the whole batch: equal batches share it (see fingerprint())
    pairs: Rows | None = None  # where the instrument wrote its raw projections, hashed into fp on demand
    keys: tuple | None = None  # per-sample fingerprints (only kept for calls that were not trained)
    label_tensor: torch.Tensor | None = None  # class index per sample, when the script's labels are known:
    label_rows: Rows | None = None  # ...or where the instrument copied them (read both through .labels)
    preds: torch.Tensor | None = None  # the predicted class per sample (argmax), when outputs are classes
    out_dim: int | None = None  # outputs per sample (10 for a digit classifier, 1 for one logit)
    loss: float | None = None  # the loss computed from this call's output, if any
    loss_kind: str | None = None  # cross_entropy, nll, mse, ..., custom (a hand-written loss)
    train_mode_layers: set[str] = field(default_factory=set)  # dropout/batch norm layers in training mode
    trained: bool = False  # a gradient flowed back into this call's output
    zero_sum_grad: bool | None = (
        None  # each row of that gradient summed to 0 (softmax inside the loss); sampled
    )

    @property
    def labels(self) -> torch.Tensor | None:
        """The class index of each sample ([n] int64), when the script's labels are known."""
        if self.label_rows is not None:
            return self.label_rows.tensor()
        return self.label_tensor

    @labels.setter
    def labels(self, value: torch.Tensor | None) -> None:
        self.label_tensor, self.label_rows = value, None

    @property
    def has_labels(self) -> bool:
        """Whether labels are known (without making a tensor of them)."""
        return self.label_rows is not None or self.label_tensor is not None

    @property
    def label_count(self) -> int:
        """How many labels are known (without making a tensor of them)."""
        if self.label_rows is not None:
            return len(self.label_rows)
        return self.label_tensor.numel() if self.label_tensor is not None else 0

    def fingerprint(self) -> float | None:
        """``fp``, computed from the first and last sample's projections the first time a rule asks.

        Left to the rules because only a few of them read it, and the training step is the hot path.
        """
        if self.fp is None and self.pairs is not None and len(self.pairs):
            rows = self.pairs.tensor()
            ends = rows[:: max(len(rows) - 1, 1)].round().tolist()  # rows 0 and n-1: [[a, b], [c, d]]
            self.fp = hash((self.n, *ends[0], *ends[-1]))
        return self.fp

    @property
    def correct(self) -> int | None:
        labels = self.labels
        if self.preds is None or labels is None or self.preds.shape != labels.shape:
            return None
        return int((self.preds == labels).sum())


@dataclass(slots=True)
class LossCall:
    """One call of a loss function from ``torch.nn.functional`` (nn loss modules call these too)."""

    kind: str
    grad: bool  # part of a training step (autograd on and the input requires grad)
    value: float
    n: int
    checked: bool = False  # the statistics below were taken (sampled on training calls)
    prob_rows: bool | None = None  # every input row is a probability vector (softmax already applied)
    logprob_rows: bool | None = None  # every input row is a log-probability vector (log_softmax applied)
    unit_interval: bool | None = None  # every input value lies in [0, 1] (a sigmoid already applied)
    class_targets: bool = False  # the targets are class indices (integer-valued)
    onehot_targets: bool = False  # the targets are one-hot rows
    target_values: tuple[float, ...] = ()  # distinct target values (regression losses, up to 64)
    target_mean: float | None = None


@dataclass
class GradSample:
    """Gradients after one (sampled) backward pass, for the tensors the loss depends on."""

    backward: int  # which backward pass (0 = the first)
    step: int  # optimizer steps before it
    batch: int  # batch size of the training call
    norms: dict[str, float]  # per tensor, ordered from the input side (deepest in the graph) to the output
    weights: list[str]  # the names of the >=2-D tensors (weights), same order
    total: float
    stale: bool | None = None  # gradients from before the last update were still there when it started
    dead: dict[str, float] = field(default_factory=dict)  # hidden layer -> share of its units with zero grad


@dataclass
class Param:
    """A tensor the model trains (or should train), and what happened to it."""

    name: str
    shape: tuple[int, ...]
    requires_grad: bool
    in_optimizer: bool | None  # None: no optimizer was seen (manual updates)
    lr: float | None
    changed: bool
    got_grad: bool  # a non-zero gradient reached it at least once


@dataclass
class LoaderInfo:
    """A DataLoader the script iterated."""

    id: int
    dataset: str  # type of the underlying dataset
    size: int | None  # len(dataset)
    batch_size: int | None
    sampler: str
    test_split: bool  # the underlying dataset says train=False (torchvision's test split)
    passes: int = 0  # how many times it was iterated
    exhausted: int = 0  # how many of those passes ran to the end


@dataclass
class Crash:
    """The exception that ended the script, and where it happened."""

    type: str
    message: str
    layers: list[str] = field(default_factory=list)  # the layers whose forward was running, innermost last
    line: str = ""  # "file:line: code" of the script's own frame nearest the error
    loss_shapes: tuple | None = None  # (kind, input shape, target shape) of a loss call that failed


@dataclass
class Recording:
    """Everything the rules read. Each part is filled by one instrument."""

    forwards: list[Forward] = field(default_factory=list)
    losses: list[LossCall] = field(default_factory=list)
    train_losses: list[float] = field(default_factory=list)  # the value of each backward()ed loss, in order
    grads: list[GradSample] = field(default_factory=list)
    params: list[Param] = field(default_factory=list)
    update_ratios: list[float] = field(default_factory=list)  # |step change| / |weights| on sampled steps
    input_stats: list[tuple[float, float, float]] = field(
        default_factory=list
    )  # mean, std, max|x| (training)
    float_inputs: bool = True
    probe: list[tuple[torch.Tensor, int]] = field(default_factory=list)  # (inputs [n, d], forward seq)
    train_keys: set = field(default_factory=set)  # per-sample fingerprints of everything trained on
    # the instrument's raw [n, 2] projections for train_keys, packed only when a rule asks (train_key_set)
    pending_keys: list[Rows | torch.Tensor] = field(default_factory=list, repr=False)
    # (mean input, n) of the first training calls; the instrument keeps the sum instead, as Rows of a block
    input_means: list[tuple[Rows | torch.Tensor, int]] = field(default_factory=list)
    loaders: dict[int, LoaderInfo] = field(default_factory=dict)
    models: list[str] = field(default_factory=list)  # class names of the models found
    mode_layers: list[str] = field(
        default_factory=list
    )  # dropout (p > 0) and batch norm layers in the models
    optimizers: list[str] = field(default_factory=list)
    backwards: int = 0
    steps: int = 0
    zero_grads: int = 0
    crash: Crash | None = None
    ended: bool = False  # the script has finished (or stopped): every call is settled
    cache: dict = field(
        default_factory=dict, repr=False, compare=False
    )  # costly views, keyed by what they read
    notes: list[str] = field(default_factory=list)  # instruments that had to be turned off, and why

    # ------------------------------------------------------------- views the rules share

    def cached(self, name: str, key: Any, compute: Any) -> Any:
        """``compute()``, remembered while ``key`` (what it depends on) stays the same."""
        hit = self.cache.get(name)
        if hit is not None and hit[0] == key:
            return hit[1]
        value = compute()
        self.cache[name] = (key, value)
        return value

    def train_key_set(self) -> set:
        """Fingerprints of every sample trained on (packing what the instrument left raw)."""
        while self.pending_keys:
            rows = self.pending_keys.pop()
            self.train_keys.update(pack_keys(rows.tensor() if isinstance(rows, Rows) else rows))
        return self.train_keys

    def trained(self) -> list[Forward]:
        return [f for f in self.forwards if f.trained]

    def evaluated(self) -> list[Forward]:
        """Model calls no gradient flowed back through: evaluation (or inference).

        A call made with autograd on is only settled once a later backward pass left it
        out, or the script ended: until then it may still be the start of a training step.
        """
        return [
            f
            for f in self.forwards
            if not f.trained and (self.ended or not f.grad or f.backwards_before < self.backwards)
        ]

    def train_loader_ids(self) -> set[int]:
        counts = Counter(f.loader for f in self.trained() if f.loader is not None)
        return set(counts)

    def classes(self) -> int | None:
        """How many classes the model chooses between (from its outputs, else from the labels)."""
        dims = Counter(f.out_dim for f in self.trained() if f.out_dim)
        if dims:
            dim = dims.most_common(1)[0][0]
            if dim > 1:
                return dim
        labels = self.label_counts()
        if labels and len(labels) >= 2:
            return max(max(labels) + 1, 2)
        return None

    def label_counts(self, forwards: list[Forward] | None = None) -> Counter:
        """How often each class label occurs (in the training calls, or in `forwards`)."""
        if forwards is None:
            return self.cached("labels", len(self.forwards), lambda: self.label_counts(self.trained()))
        flat = all_labels(
            forwards
        )  # [N] class indices, counted in one pass (a Python loop costs ms per check)
        if not len(flat):
            return Counter()
        values, counts = torch.unique(flat, return_counts=True)  # any values: -100, large ids
        return Counter(dict(zip(values.tolist(), counts.tolist(), strict=True)))

    def loss_kind(self) -> str | None:
        kinds = Counter(f.loss_kind for f in self.trained() if f.loss_kind)
        return kinds.most_common(1)[0][0] if kinds else None


def all_labels(forwards: list[Forward]) -> torch.Tensor:
    """The labels of these calls, in order, as one [N] tensor (calls without labels left out).

    Labels the instrument copied side by side are taken as one slice per run, not one tensor per call.
    """
    parts: list[torch.Tensor] = []
    run: list | None = None  # [block, start, stop] of the current run of adjacent label rows
    for f in forwards:
        rows = f.label_rows
        if rows is not None and run is not None and rows.block is run[0] and rows.start == run[2]:
            run[2] = rows.stop
            continue
        if run is not None:
            parts.append(run[0][run[1] : run[2]])
            run = None
        if rows is not None:
            run = [rows.block, rows.start, rows.stop]
        elif f.label_tensor is not None:
            parts.append(f.label_tensor.reshape(-1))
    if run is not None:
        parts.append(run[0][run[1] : run[2]])
    return torch.cat(parts) if parts else torch.empty(0, dtype=torch.int64)


def pack_keys(pairs: torch.Tensor) -> list[float]:
    """Per-sample keys from two random projections per sample ([n, 2]), rounded, each packed into one exact float."""
    return [a * 4_194_304 + b for a, b in pairs.round().tolist()]


def entropy(counts: Counter | dict) -> float:
    """Entropy (nats) of a histogram: the loss of a model that only knows how often each class occurs."""
    total = sum(counts.values())
    return -sum(c / total * math.log(c / total) for c in counts.values() if c) if total else 0.0


def window_mean(values: list[float], start: float, end: float) -> float:
    """Mean of values[start*n : end*n] (fractions of the list), at least one value."""
    n = len(values)
    a, b = int(start * n), max(int(end * n), int(start * n) + 1)
    part = values[a:b]
    return sum(part) / len(part) if part else math.nan
