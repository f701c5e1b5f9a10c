"""The training loop of the lessons: the same heartbeat, written out in full.

``train_one_epoch`` and ``evaluate`` are the two functions a learner writes in
the mnist-project lesson, with nothing hidden: forward, loss, backward, step;
then ``model.eval()`` + ``torch.no_grad()`` for evaluation. ``fit`` repeats them
for a number of epochs and adds the plumbing (TensorBoard, checkpoints).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader
from tqdm import tqdm  # plain text bars: fine in a terminal, silent elsewhere

from realdata.training import checkpoint as ckpt
from realdata.training.tracking import log_epoch


@dataclass
class EpochResult:
    """One row of the epoch table. Accuracies are fractions in [0, 1]."""

    epoch: int
    train_loss: float
    train_accuracy: float
    test_loss: float
    test_accuracy: float
    seconds: float

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


def train_one_epoch(
    model: nn.Module,
    loader: DataLoader,
    loss_fn: nn.Module,
    optimizer: torch.optim.Optimizer,
    device: torch.device | str = "cpu",
    *,
    progress: bool | None = None,
) -> tuple[float, float]:
    """One pass over ``loader``, updating ``model``. Returns (mean loss, accuracy).

    Args:
        progress: show a progress bar; ``None`` shows one only on a terminal.
    """
    model.train()  # dropout on, batch norm uses this batch's statistics
    total_loss, correct, seen = 0.0, 0, 0
    for images, labels in tqdm(loader, desc="train", leave=False, disable=_quiet(progress)):
        images, labels = images.to(device), labels.to(device)  # [B, 1, 28, 28], [B]

        # --- the heartbeat: forward, loss, backward, update ---
        outputs = model(images)  # logits [B, 10]
        loss = loss_fn(outputs, labels)  # CrossEntropyLoss takes logits + class indices
        optimizer.zero_grad()  # gradients add up unless cleared
        loss.backward()
        optimizer.step()

        # --- bookkeeping: the human-readable metric ---
        total_loss += loss.item() * len(labels)  # loss is a batch mean; weight it by size
        correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
        seen += len(labels)
    return total_loss / seen, correct / seen


def evaluate(
    model: nn.Module,
    loader: DataLoader,
    loss_fn: nn.Module,
    device: torch.device | str = "cpu",
) -> tuple[float, float]:
    """Mean loss and accuracy of ``model`` on ``loader``, without learning anything.

    Three differences from training: ``model.eval()`` (dropout off, batch norm
    uses its running averages), ``torch.no_grad()`` (no graph, less memory), and
    no zero_grad / backward / step.
    """
    model.eval()
    total_loss, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in loader:
            images, labels = images.to(device), labels.to(device)
            outputs = model(images)  # [B, 10]
            total_loss += loss_fn(outputs, labels).item() * len(labels)
            correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
            seen += len(labels)
    return total_loss / seen, correct / seen


def fit(
    model: nn.Module,
    train_loader: DataLoader,
    test_loader: DataLoader,
    loss_fn: nn.Module,
    optimizer: torch.optim.Optimizer,
    *,
    epochs: int,
    device: torch.device | str = "cpu",
    writer=None,  # noqa: ANN001 - a torch.utils.tensorboard.SummaryWriter, or None
    checkpoint_path: Path | None = None,
    config: dict | None = None,
    generator: torch.Generator | None = None,
    history: list[EpochResult] | None = None,
    progress: bool | None = None,
    on_epoch: Callable[[EpochResult], None] | None = None,
) -> list[EpochResult]:
    """Train for ``epochs`` epochs (continuing after ``history``), evaluating after each.

    Args:
        writer: if given, receives ``loss/train``, ``loss/test``, ``accuracy/train``
            and ``accuracy/test`` once per epoch.
        checkpoint_path: if given, a checkpoint is written there (atomically) after
            every epoch, so an interrupted run can resume.
        config: stored in the checkpoint so it describes itself.
        generator: the training loader's shuffling generator, saved with the
            checkpoint so a resumed run shuffles exactly as an uninterrupted one.
        history: epochs already done (from a checkpoint); training continues after them.
        on_epoch: called with each finished epoch's result (e.g. to print a row).

    Returns:
        The full history, one ``EpochResult`` per epoch.
    """
    history = list(history or [])
    start = len(history) + 1
    for epoch in tqdm(range(start, epochs + 1), desc="epochs", leave=False, disable=_quiet(progress)):
        t0 = time.perf_counter()
        train_loss, train_acc = train_one_epoch(
            model, train_loader, loss_fn, optimizer, device, progress=progress
        )
        test_loss, test_acc = evaluate(model, test_loader, loss_fn, device)
        result = EpochResult(epoch, train_loss, train_acc, test_loss, test_acc, time.perf_counter() - t0)
        history.append(result)
        if writer is not None:
            log_epoch(writer, result)
        if checkpoint_path is not None:
            ckpt.save(
                checkpoint_path,
                model=model,
                optimizer=optimizer,
                config=config or {},
                history=[r.to_dict() for r in history],
                generator=generator,
            )
        if on_epoch is not None:
            on_epoch(result)
    return history


def _quiet(progress: bool | None) -> bool | None:
    """tqdm's ``disable``: None means 'only when not writing to a terminal'."""
    return None if progress is None else not progress
