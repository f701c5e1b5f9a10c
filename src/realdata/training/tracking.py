"""TensorBoard logging: the flight recorder of a training run.

One run, one folder; TensorBoard overlays every run folder under a parent
(``tensorboard --logdir runs``). We log four scalars per epoch.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from torch.utils.tensorboard import SummaryWriter


class EpochMetrics(Protocol):
    """What one epoch logs (``loop.EpochResult`` is one); tracking needs nothing else of the loop."""

    epoch: int
    train_loss: float
    train_accuracy: float
    test_loss: float
    test_accuracy: float


SCALAR_TAGS = ("loss/train", "loss/test", "accuracy/train", "accuracy/test")


def make_writer(log_dir: Path, *, resume_after: int = 0) -> SummaryWriter:
    """A ``SummaryWriter`` for one run.

    Args:
        resume_after: the last epoch already logged. Anything logged after it by
            an interrupted run is purged, so a resumed run's curves have no
            duplicate points.
    """
    from torch.utils.tensorboard import SummaryWriter  # imports tensorboard: keep it lazy

    purge = resume_after + 1 if resume_after else None
    return SummaryWriter(log_dir=str(log_dir), purge_step=purge)


def log_epoch(writer: SummaryWriter, result: EpochMetrics) -> None:
    """The lesson's logging lines, one scalar per tag, x-axis = epoch."""
    writer.add_scalar("loss/train", result.train_loss, result.epoch)
    writer.add_scalar("loss/test", result.test_loss, result.epoch)
    writer.add_scalar("accuracy/train", result.train_accuracy, result.epoch)
    writer.add_scalar("accuracy/test", result.test_accuracy, result.epoch)
    writer.flush()  # so a crash or Ctrl-C still leaves the curves on disk


def read_scalars(log_dir: Path) -> dict[str, list[tuple[int, float]]]:
    """Read back every scalar in a run folder with TensorBoard's own reader.

    Returns:
        ``{tag: [(step, value), ...]}`` in step order.
    """
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    acc = EventAccumulator(str(log_dir), size_guidance={"scalars": 0})
    acc.Reload()
    return {tag: [(e.step, e.value) for e in acc.Scalars(tag)] for tag in acc.Tags()["scalars"]}
