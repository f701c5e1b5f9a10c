"""The main job: train and evaluate both MNIST models, then write a report.

``run(RunConfig(...))`` is what ``realdata run`` calls. It makes sure the data
is there, trains SimpleMLP and ImprovedMLP with the lesson's settings, prints
their epoch tables side by side (the train/test "scissors"), and writes a run
folder that describes itself::

    out/
      summary.json          every number below, as data
      report.md             the tables and the figures, for a person
      samples.png           a grid of MNIST images with their labels
      predictions.png       test predictions, green if right, red if wrong
      curves.png            loss and accuracy per epoch, train and test
      runs/simple/ ...      TensorBoard event files, one folder per model
      checkpoints/simple.pt the latest checkpoint of each model (for --resume)
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from realdata import viz
from realdata._fs import atomic_write_json, atomic_write_text, check_writable
from realdata.data import mnist
from realdata.data.loaders import Loaders, make_loaders
from realdata.errors import CheckpointError, ConfigError
from realdata.models import MODELS, count_parameters
from realdata.training import checkpoint as ckpt
from realdata.training.config import TrainConfig
from realdata.training.loop import EpochResult, fit
from realdata.training.threads import ThreadChoice, choose_threads
from realdata.training.tracking import make_writer

MODEL_ORDER = ("simple", "improved")


@dataclass
class RunConfig:
    """Settings of ``realdata run``."""

    out: Path = Path("runs/latest")
    """Folder for the summary, report, figures, TensorBoard runs and checkpoints."""
    epochs: int = 5
    """Epochs per model."""
    seed: int = 0
    """Seed for weights, dropout and shuffling."""
    pipeline: str = "fast"
    """"fast" (in memory) or "canonical" (the lesson's per-sample transforms); same batches."""
    limit: int | None = None
    """Use only the first N samples of each split (for quick tries)."""
    data_root: Path | None = None
    """MNIST data root; None means ``realdata.data.mnist.default_root()``."""
    threads: int | None = None
    """torch threads; None measures 1 against 2 and picks."""
    resume: bool = False
    """Continue from the checkpoints in ``out`` instead of starting again."""
    models: tuple[str, ...] = field(default=MODEL_ORDER)
    """Which models to train, in order."""

    def train_config(self, model: str) -> TrainConfig:
        return TrainConfig.for_model(
            model, epochs=self.epochs, seed=self.seed, pipeline=self.pipeline, limit=self.limit
        )


def run(
    config: RunConfig, *, log: Callable[[str], None] = print, progress: bool | None = None
) -> dict[str, Any]:
    """Train, evaluate and report both models. Returns the summary (also in summary.json).

    Raises:
        ConfigError, NotWritableError, DataError, CheckpointError: with a message
            saying what to change.
    """
    train_configs = {name: config.train_config(name) for name in config.models}  # validates
    if config.limit is not None and config.limit > mnist.TRAIN_SIZE:
        raise ConfigError(f"--limit {config.limit} is larger than MNIST's {mnist.TRAIN_SIZE} training images")
    out = check_writable(config.out, what="output")

    fetched = mnist.ensure(config.data_root, log=log)
    choice = choose_threads(config.threads)
    log(f"torch threads: {choice.threads} ({choice.reason})")
    loaders = make_loaders(fetched.root, pipeline=config.pipeline, seed=config.seed, limit=config.limit)

    results: dict[str, dict[str, Any]] = {}
    trained: dict[str, nn.Module] = {}
    for name in config.models:
        model, history, seconds = _train_model(
            train_configs[name], loaders, out, choice, config.resume, progress
        )
        trained[name] = model
        results[name] = {
            "params": count_parameters(model),
            "epochs": [r.to_dict() for r in history],
            "test_accuracy": history[-1].test_accuracy,
            "seconds": seconds,
        }

    log("")
    log(epoch_table({name: r["epochs"] for name, r in results.items()}))
    figures = _write_figures(out, loaders, trained, results)
    summary = {
        "data": {
            "root": str(fetched.root),
            "train": loaders.n_train,
            "test": loaders.n_test,
            "verified": True,
        },
        "pipeline": config.pipeline,
        "threads": choice.threads,
        "thread_choice": choice.to_dict(),
        "seed": config.seed,
        "limit": config.limit,
        "models": results,
        "figures": figures,
    }
    atomic_write_json(out / "summary.json", summary)
    atomic_write_text(out / "report.md", report_markdown(summary))
    log(f"\nwrote {out / 'report.md'} and {out / 'summary.json'}")
    log(f"see the curves live: tensorboard --logdir {out / 'runs'}")
    return summary


def _train_model(
    cfg: TrainConfig,
    loaders: Loaders,
    out: Path,
    choice: ThreadChoice,
    resume: bool,
    progress: bool | None,
) -> tuple[nn.Module, list[EpochResult], float]:
    """Train one model, resuming from its checkpoint if asked. Returns (model, history, seconds)."""
    torch.manual_seed(cfg.seed)  # the same seed gives the same initial weights
    loaders.generator.manual_seed(cfg.seed)  # ...and the same shuffles, model after model
    model = MODELS[cfg.model]()
    # fused=True does Adam's update for all parameters in one kernel: at batch 64 the
    # per-parameter bookkeeping of the default step costs more than its arithmetic.
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay, fused=True)
    loss_fn = nn.CrossEntropyLoss()

    path = out / "checkpoints" / f"{cfg.model}.pt"
    stored = cfg.to_dict() | {"threads": choice.threads}
    history: list[EpochResult] = []
    if resume and path.exists():
        state = ckpt.load(path)
        _check_resumable(state, stored, path)
        ckpt.restore(state, model=model, optimizer=optimizer, generator=loaders.generator)
        history = [EpochResult(**h) for h in state["history"]]
    elif (out / "runs" / cfg.model).exists():
        shutil.rmtree(out / "runs" / cfg.model)  # a fresh run must not mix with old curves

    writer = make_writer(out / "runs" / cfg.model, resume_after=len(history))
    t0 = time.perf_counter()
    try:
        history = fit(
            model,
            loaders.train,
            loaders.test,
            loss_fn,
            optimizer,
            epochs=cfg.epochs,
            writer=writer,
            checkpoint_path=path,
            config=stored,
            generator=loaders.generator,
            history=history,
            progress=progress,
        )
    finally:
        writer.close()
    return model, history, time.perf_counter() - t0


def _check_resumable(state: dict[str, Any], wanted: dict[str, Any], path: Path) -> None:
    """Refuse to resume from a checkpoint made with other settings (other numbers would follow)."""
    saved = state["config"]
    differ = [k for k in wanted if k != "epochs" and saved.get(k) != wanted[k]]
    if differ:
        pairs = ", ".join(f"{k}: {saved.get(k)!r} there, {wanted[k]!r} now" for k in differ)
        raise CheckpointError(
            f"{path} was made with other settings ({pairs}); use the same settings or another --out"
        )
    if state["epoch"] > wanted["epochs"]:
        raise CheckpointError(
            f"{path} already has {state['epoch']} epochs; ask for --epochs {state['epoch']} or more"
        )


def _write_figures(
    out: Path, loaders: Loaders, trained: dict[str, nn.Module], results: dict[str, dict[str, Any]]
) -> dict[str, str]:
    images, labels = next(iter(loaders.test))  # the test set is not shuffled: same images every run
    figures = {"samples": "samples.png", "curves": "curves.png"}
    viz.save_figure(viz.sample_grid(images[:16], labels[:16]), out / figures["samples"])
    viz.save_figure(
        viz.training_curves({name: r["epochs"] for name, r in results.items()}), out / figures["curves"]
    )
    name = "simple" if "simple" in trained else next(iter(trained))
    images, labels, logits = viz.pick_predictions(trained[name], loaders.test, correct=24, wrong=8)
    figures["predictions"] = "predictions.png"
    viz.save_figure(viz.predictions_grid(images, labels, logits), out / figures["predictions"])
    figures["predictions_model"] = name
    return figures


def epoch_table(histories: dict[str, list[dict[str, float]]]) -> str:
    """The epoch tables of all models side by side, accuracies in percent.

    The "gap" column is train minus test accuracy: the scissors. A growing gap is
    overfitting; a gap near zero (or below it, with dropout) is a model that
    generalises.
    """
    names = list(histories)
    head1 = "epoch" + "".join(f" | {name:^31}" for name in names)
    head2 = "     " + f" | {'train loss':>10} {'train':>6} {'test':>6} {'gap':>6}" * len(names)
    lines = [head1.rstrip(), head2, "-" * len(head2)]
    for i in range(max(len(h) for h in histories.values())):
        row = f"{i + 1:>5}"
        for name in names:
            h = histories[name]
            if i < len(h):
                e = h[i]
                gap = (e["train_accuracy"] - e["test_accuracy"]) * 100  # percentage points
                row += f" | {e['train_loss']:>10.4f} {e['train_accuracy']:>6.2%} {e['test_accuracy']:>6.2%} {gap:>+6.2f}"
            else:
                row += " | " + " " * 31
        lines.append(row.rstrip())
    return "\n".join(lines)


def report_markdown(summary: dict[str, Any]) -> str:
    """A human-readable report of a run, pointing at its figures."""
    models = summary["models"]
    fig = summary["figures"]
    lines = [
        "# realdata run",
        "",
        f"MNIST from `{summary['data']['root']}` (verified): {summary['data']['train']} training and "
        f"{summary['data']['test']} test images, `{summary['pipeline']}` pipeline, "
        f"seed {summary['seed']}, {summary['threads']} torch thread(s).",
        "",
        "| model | parameters | test accuracy | training seconds |",
        "|---|---:|---:|---:|",
    ]
    for name, r in models.items():
        lines.append(f"| {name} | {r['params']:,} | {r['test_accuracy']:.2%} | {r['seconds']:.1f} |")
    lines += [
        "",
        "## Epochs side by side",
        "",
        "The gap is train accuracy minus test accuracy. The simple model's gap opens as it",
        "starts to memorise; the improved model's dropout, batch norm and weight decay keep",
        "the scissors closed (with dropout on during training, train accuracy can even be lower).",
        "",
        "```",
        epoch_table({name: r["epochs"] for name, r in models.items()}),
        "```",
        "",
        "## Curves",
        "",
        f"![loss and accuracy]({fig['curves']})",
        "",
        f"## Predictions of the {fig['predictions_model']} model",
        "",
        "The first 24 right (green) and the first 8 wrong (red, with the true label) test",
        "predictions. The number in brackets is the softmax probability of the predicted",
        "class. Look at the red ones: most are digits a person could misread too.",
        "",
        f"![predictions]({fig['predictions']})",
        "",
        "## MNIST samples (the first 16 test images)",
        "",
        f"![samples]({fig['samples']})",
        "",
        "TensorBoard runs are in `runs/`: `tensorboard --logdir runs` from this folder.",
        "",
    ]
    return "\n".join(lines)
