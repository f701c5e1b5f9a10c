"""TrainConfig: every setting of a training run, in one documented place."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from realdata.errors import ConfigError


@dataclass
class TrainConfig:
    """How to train one model. Shared by the CLI, the notebooks and the checkpoints."""

    model: str = "simple"
    """Which model: "simple" (SimpleMLP) or "improved" (ImprovedMLP)."""
    epochs: int = 5
    """Full passes over the training data."""
    batch_size: int = 64
    """Training samples per optimizer step."""
    lr: float = 1e-3
    """Adam's learning rate."""
    weight_decay: float = 0.0
    """Adam's L2 penalty; the improved model uses 1e-4."""
    seed: int = 0
    """Seeds the weights, dropout and the shuffling: the same seed gives the same numbers."""
    pipeline: str = "fast"
    """"fast" (normalised tensors in memory) or "canonical" (the lesson's per-sample transforms)."""
    limit: int | None = None
    """Use only the first N samples of each split (None: all of them)."""

    def __post_init__(self) -> None:
        from realdata.data.loaders import PIPELINES
        from realdata.models import MODELS

        if self.model not in MODELS:
            raise ConfigError(f"unknown model {self.model!r}; choose one of {sorted(MODELS)}")
        if self.epochs < 1:
            raise ConfigError(f"epochs must be at least 1, got {self.epochs}")
        if self.batch_size < 1:
            raise ConfigError(f"batch size must be at least 1, got {self.batch_size}")
        if self.pipeline not in PIPELINES:
            raise ConfigError(f"unknown pipeline {self.pipeline!r}; choose one of {PIPELINES}")
        if self.limit is not None and self.limit < 1:
            raise ConfigError(f"limit must be at least 1, got {self.limit}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def for_model(cls, model: str, **overrides: Any) -> TrainConfig:
        """The lesson's settings for ``model``: weight_decay 1e-4 for the improved one."""
        if model == "improved":
            overrides.setdefault("weight_decay", 1e-4)
        return cls(model=model, **overrides)
