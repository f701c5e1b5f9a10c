"""Self-describing, atomic checkpoints that let an interrupted run resume exactly.

A checkpoint holds everything needed to continue as if nothing had happened:
the weights, the optimizer's state (Adam's moving averages), the config that
made them, the history of finished epochs, and the random number generators'
states (the global one drives dropout; the loader's drives shuffling).
"""

from __future__ import annotations

import pickle
import zipfile
from pathlib import Path
from typing import Any

import torch
from torch import nn

from realdata._fs import atomic_path
from realdata.errors import CheckpointError

FORMAT = "realdata-checkpoint/1"


def save(
    path: Path,
    *,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    config: dict[str, Any],
    history: list[dict[str, float]],
    generator: torch.Generator | None = None,
) -> None:
    """Write a checkpoint to ``path`` atomically (a crash mid-write keeps the old one)."""
    state = {
        "format": FORMAT,
        "config": config,
        "epoch": len(history),
        "metrics": history[-1] if history else {},
        "history": history,
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "rng": {
            "torch": torch.get_rng_state(),
            "loader": generator.get_state() if generator is not None else None,
        },
    }
    with atomic_path(Path(path)) as tmp:
        torch.save(state, tmp)


def load(path: Path) -> dict[str, Any]:
    """Read a checkpoint, refusing files that are not complete realdata checkpoints.

    Raises:
        CheckpointError: the file is missing, truncated or not a checkpoint.
    """
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"no checkpoint at {path}")
    try:
        # weights_only=True: a checkpoint is data, it must not be able to run code.
        state = torch.load(path, map_location="cpu", weights_only=True)
    except (RuntimeError, EOFError, OSError, pickle.UnpicklingError, zipfile.BadZipFile) as exc:
        raise CheckpointError(
            f"checkpoint {path} is damaged or incomplete ({type(exc).__name__}); "
            "delete it to start that model again"
        ) from None
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise CheckpointError(f"{path} is not a realdata checkpoint; delete it or choose another --out")
    return state


def restore(
    state: dict[str, Any],
    *,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    generator: torch.Generator | None = None,
) -> None:
    """Put the weights, optimizer state and RNG states of ``state`` back in place."""
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    torch.set_rng_state(state["rng"]["torch"])
    if generator is not None and state["rng"]["loader"] is not None:
        generator.set_state(state["rng"]["loader"])
