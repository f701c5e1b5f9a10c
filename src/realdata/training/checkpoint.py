"""Self-describing, atomic, checked checkpoints that let an interrupted run resume exactly.

A checkpoint holds everything needed to continue as if nothing had happened:
the weights, the optimizer's state (Adam's moving averages), the config that
made them, the history of finished epochs, and the random number generators'
states (the global one drives dropout; the loader's drives shuffling).

It is an ordinary ``torch.save`` file (``torch.load(path, weights_only=True)``
reads it), plus two fields that make a damaged file impossible to use by
mistake: ``version``, and ``checksum``, a SHA-256 over every value in it. A
file can be damaged in ways ``torch.load`` does not notice: 64 zeroed bytes in
the middle of a tensor still load, as silently wrong optimizer state. So
``load`` recomputes the checksum, and ``restore`` checks every key, shape and
dtype against the model and optimizer before it touches either.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

import torch
from torch import nn

from realdata._fs import atomic_path, remove_stale_temps
from realdata.errors import CheckpointError

FORMAT = "realdata-checkpoint"
VERSION = 2
HISTORY_FIELDS = ("epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "seconds")
_TOP = {
    "format": str,
    "version": int,
    "checksum": str,
    "config": dict,
    "epoch": int,
    "metrics": dict,
    "history": list,
    "model": dict,
    "optimizer": dict,
    "rng": dict,
}


def save(
    path: Path,
    *,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    config: dict[str, Any],
    history: list[dict[str, float]],
    generator: torch.Generator | None = None,
) -> None:
    """Write a checkpoint to ``path`` atomically (a crash mid-write keeps the old one).

    Temporary files that an earlier, killed save left beside ``path`` are removed.
    """
    state = {
        "format": FORMAT,
        "version": VERSION,
        "config": config,
        "epoch": len(history),
        "metrics": history[-1] if history else {},
        "history": history,
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "rng": {
            "torch": torch.get_rng_state(),
            "loader": generator.get_state() if generator is not None else None,
            # dropout on a GPU draws from the CUDA generators (asking never starts CUDA)
            "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_initialized() else None,
        },
    }
    state["checksum"] = checksum(state)
    path = Path(path)
    remove_stale_temps(path)
    with atomic_path(path) as tmp:
        torch.save(state, tmp)


def checksum(state: dict[str, Any]) -> str:
    """SHA-256 over every value of ``state`` but its ``checksum``: keys, types, shapes, dtypes, bytes."""
    h = hashlib.sha256()
    _feed(h, {k: v for k, v in state.items() if k != "checksum"})
    return h.hexdigest()


def _feed(h: Any, obj: Any) -> None:
    """Feed ``obj`` to the hash in a form that two equal states share and any change breaks."""
    if isinstance(obj, torch.Tensor):
        t = obj.detach().cpu().contiguous()
        h.update(f"T{t.dtype}{tuple(t.shape)}:".encode())
        h.update(t.reshape(-1).view(torch.uint8).numpy().tobytes())
    elif isinstance(obj, dict):
        h.update(f"D{len(obj)}:".encode())
        for key in sorted(obj, key=repr):  # optimizer state is keyed by ints, the rest by str
            _feed(h, key)
            _feed(h, obj[key])
    elif isinstance(obj, list | tuple):
        h.update(f"{type(obj).__name__}{len(obj)}:".encode())
        for item in obj:
            _feed(h, item)
    elif obj is None or isinstance(obj, bool | int | float | str):
        h.update(f"{type(obj).__name__}:{obj!r};".encode())
    else:
        raise CheckpointError(f"cannot checksum a {type(obj).__name__} in a checkpoint")


def load(path: Path) -> dict[str, Any]:
    """Read a checkpoint and check it is complete and undamaged.

    Raises:
        CheckpointError: the file is missing, damaged, of another format or version,
            or its fields do not have the expected types. One line, naming the file.
    """
    path = Path(path)
    if path.is_symlink() and not path.exists():
        raise CheckpointError(
            f"checkpoint {path} is a link to a missing file; delete it to start that model again"
        )
    if path.exists() and not path.is_file():
        raise CheckpointError(f"checkpoint {path} is not a file; remove it to start that model again")
    if not path.is_file():
        raise CheckpointError(f"no checkpoint at {path}")
    try:
        # weights_only=True: a checkpoint is data, it must not be able to run code.
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - a damaged file can make the reader fail in any way
        raise _damaged(path, f"it cannot be read ({type(exc).__name__})") from None
    if not isinstance(state, dict) or state.get("format") not in (FORMAT, "realdata-checkpoint/1"):
        raise CheckpointError(f"{path} is not a realdata checkpoint; delete it or choose another --out")
    if state.get("version") != VERSION:
        found = state.get("version", 1)
        raise CheckpointError(
            f"checkpoint {path} has format version {found!r}, this realdata reads version {VERSION}; "
            "delete it to start that model again"
        )
    for key, kind in _TOP.items():
        if not isinstance(state.get(key), kind) or isinstance(state.get(key), bool):
            raise _damaged(path, f"its {key!r} is {_kind(state.get(key))}, expected {kind.__name__}")
    try:
        digest = checksum(state)
    except CheckpointError as exc:
        raise _damaged(path, str(exc)) from None
    if digest != state["checksum"]:
        raise _damaged(path, "its checksum does not match its contents")
    _check_fields(state, path)
    return state


def _check_fields(state: dict[str, Any], path: Path) -> None:
    """The parts every checkpoint has, whatever its model: history, metrics and RNG states."""
    history = state["history"]
    for i, row in enumerate(history, start=1):
        if not isinstance(row, dict) or set(row) != set(HISTORY_FIELDS):
            raise _damaged(path, f"epoch {i} of its history lacks the fields {', '.join(HISTORY_FIELDS)}")
        if row["epoch"] != i or not all(_is_number(row[k]) for k in HISTORY_FIELDS):
            raise _damaged(path, f"epoch {i} of its history holds something other than finite numbers")
    if state["epoch"] != len(history):
        raise _damaged(path, f"it says epoch {state['epoch']} but holds {len(history)} epochs of history")
    if state["metrics"] != (history[-1] if history else {}):
        raise _damaged(path, "its metrics are not those of its last epoch")
    rng = state["rng"]
    reference = torch.get_rng_state()
    if not _same_kind(rng.get("torch"), reference):
        raise _damaged(path, "its random number generator state is not a torch generator's")
    loader = rng.get("loader")
    if loader is not None and not _same_kind(loader, torch.Generator().get_state()):
        raise _damaged(path, "its loader's generator state is not a torch generator's")
    cuda = rng.get("cuda")
    if cuda is not None and not (
        isinstance(cuda, list) and all(isinstance(t, torch.Tensor) and t.dtype == torch.uint8 for t in cuda)
    ):
        raise _damaged(path, "its CUDA generator states are not torch generator states")


def restore(
    state: dict[str, Any],
    *,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    generator: torch.Generator | None = None,
    path: Path | str = "the checkpoint",
) -> None:
    """Put the weights, optimizer state and RNG states of ``state`` back in place.

    Everything is checked against ``model`` and ``optimizer`` first, so a checkpoint of
    another model (or a damaged one) changes nothing.

    Raises:
        CheckpointError: the checkpoint does not fit this model or optimizer.
    """
    check_fits(state, model=model, optimizer=optimizer, path=path)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    torch.set_rng_state(state["rng"]["torch"])
    if generator is not None and state["rng"]["loader"] is not None:
        generator.set_state(state["rng"]["loader"])
    cuda = state["rng"].get("cuda")
    if cuda and torch.cuda.is_available() and len(cuda) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all(cuda)  # a checkpoint from the CPU has none: the GPU keeps its seed


def check_fits(
    state: dict[str, Any], *, model: nn.Module, optimizer: torch.optim.Optimizer, path: Path | str
) -> None:
    """Compare the checkpoint's weights and optimizer state with the live ones: keys, shapes, dtypes."""
    live = model.state_dict()
    saved = state["model"]
    if set(saved) != set(live):
        missing, extra = sorted(set(live) - set(saved)), sorted(set(saved) - set(live))
        what = f"lacks {missing[:3]}" if missing else f"has unexpected {extra[:3]}"
        raise _damaged(path, f"its weights do not fit a {type(model).__name__}: it {what}")
    for key, tensor in live.items():
        if not _same_kind(saved[key], tensor):
            raise _damaged(path, f"its weight {key} is {_kind(saved[key])}, expected {_kind(tensor)}")

    params = [p for group in optimizer.param_groups for p in group["params"]]
    opt = state["optimizer"]
    groups, per_param = opt.get("param_groups"), opt.get("state")
    live_groups = optimizer.state_dict()["param_groups"]
    if (
        not isinstance(groups, list)
        or not isinstance(per_param, dict)
        or len(groups) != len(live_groups)
        or any(not isinstance(g, dict) for g in groups)
    ):
        raise _damaged(path, f"its optimizer state does not fit this {type(optimizer).__name__}")
    for group, live_group in zip(groups, live_groups, strict=True):
        if set(group) != set(live_group) or group["params"] != live_group["params"]:
            raise _damaged(
                path, f"its optimizer's parameter groups do not fit this {type(optimizer).__name__}"
            )
        for key, value in live_group.items():
            if key != "params" and _is_number(value) and not _is_number(group[key]):
                raise _damaged(path, f"its optimizer setting {key} is {_kind(group[key])}, expected a number")
    for index, entry in per_param.items():
        if not isinstance(index, int) or not 0 <= index < len(params) or not isinstance(entry, dict):
            raise _damaged(path, "its optimizer state names parameters this model does not have")
        param = params[index]
        for key, value in entry.items():
            if not isinstance(value, torch.Tensor):
                continue
            if value.dim() == 0:  # Adam's step count
                if not value.is_floating_point() or not math.isfinite(float(value)) or float(value) < 0:
                    raise _damaged(path, f"its optimizer's {key} for parameter {index} is not a step count")
            elif not _same_kind(value, param):
                raise _damaged(
                    path,
                    f"its optimizer's {key} for parameter {index} is {_kind(value)}, expected {_kind(param)}",
                )


def _same_kind(value: Any, reference: torch.Tensor) -> bool:
    return (
        isinstance(value, torch.Tensor) and value.dtype == reference.dtype and value.shape == reference.shape
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _kind(value: Any) -> str:
    if isinstance(value, torch.Tensor):
        return f"a {str(value.dtype).removeprefix('torch.')} tensor of shape {list(value.shape)}"
    return "missing" if value is None else f"a {type(value).__name__}"


def _damaged(path: Path | str, what: str) -> CheckpointError:
    return CheckpointError(
        f"checkpoint {path} is damaged or not usable: {what}; delete it to start that model again"
    )
