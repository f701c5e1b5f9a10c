"""The figures of a run: a sample grid, a predictions grid, and the training curves.

Each function returns a matplotlib ``Figure`` (so a notebook shows it inline)
and ``save_figure`` writes one to disk atomically. We build figures with
``Figure()`` rather than ``pyplot`` so nothing depends on a display or on
pyplot's global list of open figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from matplotlib.figure import Figure
from torch import Tensor

from realdata._fs import atomic_path
from realdata.data.loaders import MNIST_MEAN, MNIST_STD

CORRECT, WRONG = "green", "red"


def _as_image(x: Tensor) -> np.ndarray:
    """Undo Normalize for display: [1, 28, 28] normalised -> [28, 28] in [0, 1]."""
    return (x.squeeze(0) * MNIST_STD + MNIST_MEAN).clamp(0, 1).numpy()


def _grid(n: int, cols: int) -> tuple[Figure, Sequence]:
    rows = (n + cols - 1) // cols
    fig = Figure(figsize=(1.6 * cols, 1.9 * rows))
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    return fig, axes.flat


def sample_grid(images: Tensor, labels: Tensor, *, cols: int = 8) -> Figure:
    """Show a batch of normalised MNIST images [N, 1, 28, 28] with their labels."""
    fig, axes = _grid(len(images), cols)
    for ax, image, label in zip(axes, images, labels, strict=False):
        ax.imshow(_as_image(image), cmap="gray")
        ax.set_title(f"label {int(label)}", fontsize=9)
    fig.tight_layout()
    return fig


def predictions_grid(images: Tensor, labels: Tensor, logits: Tensor, *, cols: int = 8) -> Figure:
    """Show predictions: title 'pred (confidence)', green if right, red if wrong.

    Args:
        images: [N, 1, 28, 28] normalised images.
        labels: [N] true classes.
        logits: [N, 10] the model's raw outputs for those images.
    """
    probs = torch.softmax(logits, dim=1)  # [N, 10]; only for display, never before the loss
    confidence, predicted = probs.max(dim=1)  # [N], [N]
    fig, axes = _grid(len(images), cols)
    for ax, image, label, pred, conf in zip(axes, images, labels, predicted, confidence, strict=False):
        ok = int(pred) == int(label)
        ax.imshow(_as_image(image), cmap="gray")
        title = f"{int(pred)} ({conf:.0%})" if ok else f"{int(pred)} ({conf:.0%}), is {int(label)}"
        ax.set_title(title, color=CORRECT if ok else WRONG, fontsize=9)
    fig.tight_layout()
    return fig


def pick_predictions(
    model: torch.nn.Module, loader, *, correct: int = 24, wrong: int = 8
) -> tuple[Tensor, Tensor, Tensor]:
    """The first ``correct`` right and first ``wrong`` wrong predictions of ``model`` on ``loader``.

    A grid of only the first images would be all green for a good model; the
    mistakes are the instructive part, so we go looking for some.

    Returns:
        images [N, 1, 28, 28], labels [N], logits [N, 10], right ones first.
    """
    model.eval()
    keep: dict[bool, list[tuple[Tensor, Tensor, Tensor]]] = {True: [], False: []}
    want = {True: correct, False: wrong}
    with torch.no_grad():
        for images, labels in loader:
            logits = model(images)  # [B, 10]
            right = logits.argmax(dim=1) == labels  # [B]
            for i in range(len(labels)):
                ok = bool(right[i])
                if len(keep[ok]) < want[ok]:
                    keep[ok].append((images[i], labels[i], logits[i]))
            if all(len(keep[k]) >= want[k] for k in keep):
                break
    rows = keep[True] + keep[False]
    return (
        torch.stack([r[0] for r in rows]),
        torch.stack([r[1] for r in rows]),
        torch.stack([r[2] for r in rows]),
    )


def training_curves(histories: dict[str, list[dict[str, float]]]) -> Figure:
    """Loss and accuracy per epoch, train (dashed) and test (solid), for each model.

    Args:
        histories: ``{model name: [epoch dicts with train_loss, test_loss, ...]}``.
    """
    fig = Figure(figsize=(11, 4))
    ax_loss, ax_acc = fig.subplots(1, 2)
    for i, (name, history) in enumerate(histories.items()):
        color = f"C{i}"
        epochs = [h["epoch"] for h in history]
        for split, style in (("train", "--"), ("test", "-")):
            ax_loss.plot(
                epochs,
                [h[f"{split}_loss"] for h in history],
                style,
                color=color,
                marker="o",
                label=f"{name} {split}",
            )
            ax_acc.plot(
                epochs,
                [h[f"{split}_accuracy"] for h in history],
                style,
                color=color,
                marker="o",
                label=f"{name} {split}",
            )
    ax_loss.set(title="Cross-entropy loss", xlabel="epoch", ylabel="loss")
    ax_acc.set(title="Accuracy", xlabel="epoch", ylabel="fraction correct")
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def save_figure(fig: Figure, path: Path, *, dpi: int = 110) -> Path:
    """Write ``fig`` as a PNG atomically."""
    path = Path(path)
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=dpi, format="png")
    return path
