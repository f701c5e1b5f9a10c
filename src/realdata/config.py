"""Every setting of a training run, each stated once: its default, its range and its help.

Three dataclasses, one per concern:

* ``DataConfig``: which data and how it is batched (the loaders read it);
* ``TrainConfig``: which model and how it learns (the optimizer and loop read it);
* ``RunConfig``: what ``realdata run`` does, made of the two plus where to write.

A field's docstring is its help text and ``between``/``one_of`` its valid values. The CLI
builds its options from them (``realdata.cli.config_options``), the checks in ``__post_init__``
use the same ranges, and the checkpoint stores ``to_dict()`` of both, so a resumed run
can be compared with the one that wrote it.
"""

from __future__ import annotations

import ast
import functools
import inspect
import math
import textwrap
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from realdata.errors import ConfigError

PIPELINES = ("fast", "canonical")
MODEL_NAMES = ("simple", "improved")
DEVICES = ("auto", "cpu", "cuda")
MAX_SEED = 2**32 - 1  # what torch, numpy and random all accept
MNIST_TRAIN = 60_000
DEFAULT_WEIGHT_DECAY = {"simple": 0.0, "improved": 1e-4}  # the lesson's settings


def between(low: float | None, high: float | None, *, open_low: bool = False, **kw: Any) -> Any:
    """A field whose value must lie in [low, high] (or (low, high] with ``open_low``)."""
    return field(metadata={"range": (low, high, open_low)}, **kw)


def one_of(choices: tuple[str, ...], **kw: Any) -> Any:
    """A field whose value must be one of ``choices``."""
    return field(metadata={"choices": choices}, **kw)


class _Checked:
    """Validation shared by the config dataclasses: every field against its range or choices."""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if value is None:
                continue
            if "choices" in f.metadata and value not in f.metadata["choices"]:
                raise ConfigError(
                    f"unknown {f.name} {value!r}; choose one of {', '.join(f.metadata['choices'])}"
                )
            if "range" in f.metadata:
                low, high, open_low = f.metadata["range"]
                wanted = int if "int" in str(f.type) else float
                if (
                    isinstance(value, bool)
                    or not isinstance(value, int | float)
                    or (wanted is int and not isinstance(value, int))
                ):
                    raise ConfigError(
                        f"{f.name} must be {'an integer' if wanted is int else 'a number'}, got {value!r}"
                    )
                if not math.isfinite(value) or not _inside(value, low, high, open_low):
                    raise ConfigError(
                        f"{f.name} must be {describe_range(low, high, open_low)}, got {value!r}"
                    )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]


def _inside(value: float, low: float | None, high: float | None, open_low: bool) -> bool:
    if low is not None and (value <= low if open_low else value < low):
        return False
    return high is None or value <= high


def describe_range(low: float | None, high: float | None, open_low: bool = False) -> str:
    if low is not None and high is not None:
        return f"{'above' if open_low else 'from'} {low:g} {'and at most' if open_low else 'to'} {high:g}"
    if low is not None:
        return f"{'above' if open_low else 'at least'} {low:g}"
    return f"at most {high:g}"


@dataclass
class DataConfig(_Checked):
    """Which MNIST samples, in what order, in what batches."""

    pipeline: str = one_of(PIPELINES, default="fast")
    """fast: data in memory; canonical: the lesson's per-sample transforms (same batches)."""
    batch_size: int = between(1, MNIST_TRAIN, default=64)
    """Training samples per optimizer step."""
    limit: int | None = between(1, MNIST_TRAIN, default=None)
    """Use only the first N images of each split (quick tries)."""
    seed: int = between(0, MAX_SEED, default=0)
    """Seed for weights, dropout and shuffling: the same seed gives the same numbers."""


@dataclass
class TrainConfig(_Checked):
    """Which model, and how it learns."""

    model: str = one_of(MODEL_NAMES, default="simple")
    """Which model: simple (SimpleMLP) or improved (ImprovedMLP)."""
    epochs: int = between(1, 1000, default=5)
    """Epochs per model (full passes over the training data)."""
    lr: float = between(0, 10, open_low=True, default=1e-3)
    """Adam's learning rate."""
    weight_decay: float | None = between(0, 1, default=None)
    """Adam's L2 penalty [default: the model's own, 0 for simple and 1e-4 for improved]."""
    device: str = one_of(DEVICES, default="auto")
    """Where to train: auto (CUDA when available), cpu or cuda."""

    @property
    def effective_weight_decay(self) -> float:
        """The weight decay used: the one asked for, else the model's own (the lesson's settings)."""
        return DEFAULT_WEIGHT_DECAY[self.model] if self.weight_decay is None else self.weight_decay

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"weight_decay": self.effective_weight_decay}  # what was used, not "default"


@dataclass
class RunConfig:
    """Settings of ``realdata run``: the data and training settings, plus where and how to run."""

    data: DataConfig = field(default_factory=DataConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    out: Path = Path("runs/latest")
    """Folder for the report, summary.json, figures, TensorBoard runs and checkpoints."""
    data_root: Path | None = None
    """MNIST data root (default: $REALDATA_DATA or ~/.cache/realdata)."""
    threads: int | None = between(1, 256, default=None)
    """torch threads (default: measure 1 against 2 and pick; on --resume, the checkpoint's)."""
    resume: bool = False
    """Continue from the checkpoints in --out."""
    models: tuple[str, ...] = MODEL_NAMES
    """Which models to train, in order."""

    def __post_init__(self) -> None:
        _Checked.__post_init__(self)
        unknown = [m for m in self.models if m not in MODEL_NAMES]
        if unknown or not self.models:
            raise ConfigError(f"unknown model(s) {unknown}; choose from {', '.join(MODEL_NAMES)}")
        if "improved" in self.models and self.data.batch_size == 1:
            # batch norm normalises each feature over the batch: one image has no spread to divide by
            raise ConfigError(
                "--batch-size 1 trains on one image at a time, and the improved model's batch norm "
                "cannot train on a batch of one; choose a batch size of 2 or more"
            )

    def for_model(self, model: str) -> TrainConfig:
        """The training settings of one model of the run."""
        return replace(self.train, model=model)

    def stored(self, model: str, threads: int) -> dict[str, Any]:
        """What a checkpoint records: every setting that changes the numbers."""
        return self.data.to_dict() | self.for_model(model).to_dict() | {"threads": threads}


@functools.cache
def field_help(cls: type) -> dict[str, str]:
    """The docstring under each field of dataclass ``cls`` (Python keeps them only in the source)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs = {}
    for node, after in zip(body, body[1:], strict=False):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = " ".join(after.value.value.split())
    return docs
