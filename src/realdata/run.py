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
from pathlib import Path
from typing import Any

import torch
from torch import nn

from realdata import viz
from realdata._fs import atomic_write_json, atomic_write_text, check_writable
from realdata.config import DataConfig, RunConfig, TrainConfig
from realdata.data import mnist
from realdata.data.device_loader import DeviceBatches
from realdata.data.loaders import Loaders, make_loaders
from realdata.errors import CheckpointError
from realdata.models import MODELS, count_parameters
from realdata.training import checkpoint as ckpt
from realdata.training import fast
from realdata.training.loop import EpochResult, fit
from realdata.training.threads import ThreadChoice, choose_threads
from realdata.training.tracking import log_epoch, make_writer


def run(
    config: RunConfig, *, log: Callable[[str], None] = print, progress: bool | None = None
) -> dict[str, Any]:
    """Train, evaluate and report both models. Returns the summary (also in summary.json).

    Raises:
        ConfigError, NotWritableError, DataError, CheckpointError: with a message
            saying what to change.
    """
    device = fast.resolve_device(config.train.device)
    out = check_writable(config.out, what="output")
    fetched = mnist.ensure(config.data_root, log=log)
    if device.type == "cuda":
        fast.reproducible_cuda()
    if device.type == "cuda":  # the GPU does the arithmetic: no 1-vs-2-thread probe
        choice = ThreadChoice(config.threads or 1, f"on {fast.device_name(device)}, no probe", {})
        torch.set_num_threads(choice.threads)
    else:
        resumed = None if config.threads else _resumed_threads(config)
        choice = choose_threads(config.threads or resumed)
        if resumed:
            choice.reason = "as in the checkpoints being resumed"
    log(f"device: {fast.device_name(device)}; torch threads: {choice.threads} ({choice.reason})")
    loaders = loaders_for(fetched.root, config.data)

    results: dict[str, dict[str, Any]] = {}
    trained: dict[str, nn.Module] = {}
    for name in config.models:
        model, history, seconds = _train_model(config, name, loaders, choice.threads, progress, device)
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
        "pipeline": config.data.pipeline,
        "threads": choice.threads,
        "thread_choice": choice.to_dict(),
        "device": device.type,
        "gpu": fast.device_name(device) if device.type == "cuda" else None,
        "seed": config.data.seed,
        "limit": config.data.limit,
        "config": {
            "data": config.data.to_dict(),
            "train": {name: config.for_model(name).to_dict() for name in config.models},
        },
        "models": results,
        "figures": figures,
    }
    atomic_write_json(out / "summary.json", summary)
    atomic_write_text(out / "report.md", report_markdown(summary))
    log(f"\nwrote {out / 'report.md'} and {out / 'summary.json'}")
    log(f"see the curves live: tensorboard --logdir {out / 'runs'}")
    return summary


def loaders_for(root: Path, data: DataConfig) -> Loaders:
    """The run's loaders: every DataConfig setting goes to ``make_loaders``."""
    return make_loaders(
        root, pipeline=data.pipeline, batch_size=data.batch_size, seed=data.seed, limit=data.limit
    )


def make_training(
    cfg: TrainConfig, data: DataConfig, device: torch.device | None = None
) -> tuple[nn.Module, torch.optim.Optimizer, nn.Module]:
    """A fresh model, its optimizer and the loss, seeded so the same settings give the same numbers."""
    torch.manual_seed(data.seed)  # the same seed gives the same initial weights (made on the CPU)
    model = MODELS[cfg.model]().to(device or "cpu")
    if device is not None and device.type == "cuda":
        # capturable=True keeps Adam's step count on the GPU, so the whole step can be a CUDA graph
        optimizer = torch.optim.Adam(
            model.parameters(), lr=cfg.lr, weight_decay=cfg.effective_weight_decay, capturable=True
        )
    else:
        # fused=True does Adam's update for all parameters in one kernel: at batch 64 the
        # per-parameter bookkeeping of the default step costs more than its arithmetic.
        optimizer = torch.optim.Adam(
            model.parameters(), lr=cfg.lr, weight_decay=cfg.effective_weight_decay, fused=True
        )
    return model, optimizer, nn.CrossEntropyLoss()


def _train_model(
    config: RunConfig,
    name: str,
    loaders: Loaders,
    threads: int,
    progress: bool | None,
    device: torch.device = torch.device("cpu"),
) -> tuple[nn.Module, list[EpochResult], float]:
    """Train one model, resuming from its checkpoint if asked. Returns (model, history, seconds)."""
    cfg = config.for_model(name)
    model, optimizer, loss_fn = make_training(cfg, config.data, device)
    loaders.generator.manual_seed(config.data.seed)  # ...and the same shuffles, model after model

    out = config.out
    path = out / "checkpoints" / f"{cfg.model}.pt"
    stored = config.stored(name, threads)
    history: list[EpochResult] = []
    if config.resume and (path.exists() or path.is_symlink()):  # a dangling link is refused, not ignored
        state = ckpt.load(path)
        _check_resumable(state, stored, path)
        ckpt.restore(state, model=model, optimizer=optimizer, generator=loaders.generator, path=path)
        history = [EpochResult(**h) for h in state["history"]]
    elif (out / "runs" / cfg.model).exists():
        shutil.rmtree(out / "runs" / cfg.model)  # a fresh run must not mix with old curves

    writer = make_writer(out / "runs" / cfg.model, resume_after=len(history))
    t0 = time.perf_counter()
    if device.type == "cuda":
        try:
            history = _fit_on_gpu(
                model, optimizer, loss_fn, loaders, device, cfg.epochs, history, writer, path, stored
            )
        finally:
            writer.close()
        return model.cpu(), history, time.perf_counter() - t0
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


def _fit_on_gpu(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    loss_fn: nn.Module,
    loaders: Loaders,
    device: torch.device,
    epochs: int,
    history: list[EpochResult],
    writer,  # noqa: ANN001 - a SummaryWriter
    path: Path,
    stored: dict[str, Any],
) -> list[EpochResult]:
    """The fast runner: batches resident on the GPU, the step captured as a CUDA graph, one sync an epoch."""
    train, test = DeviceBatches.from_loaders(loaders, device)
    first = next(iter(DeviceBatches(train.images, train.labels, train.batch_size, shuffle=False)))
    runner = fast.StepRunner(model, loss_fn, optimizer, first)
    runner.capture(warmup=[first] * 3)

    done = list(history)

    def on_epoch(result: EpochResult) -> None:  # what loop.fit does after each epoch
        done.append(result)
        log_epoch(writer, result)
        ckpt.save(path, model=model, optimizer=optimizer, config=stored,
                  history=[r.to_dict() for r in done], generator=loaders.generator)  # fmt: skip

    return fast.fit(model, train, test, loss_fn, optimizer, epochs=epochs, step=runner, device=device,
                    history=history, on_epoch=on_epoch)  # fmt: skip


def _resumed_threads(config: RunConfig) -> int | None:
    """On --resume, the thread count the checkpoints were made with: measuring again could
    pick another, and another count gives other float results (and a refused resume)."""
    if not config.resume:
        return None
    for name in config.models:
        path = config.out / "checkpoints" / f"{name}.pt"
        if path.exists() or path.is_symlink():
            threads = ckpt.load(path)["config"].get("threads")
            if isinstance(threads, int) and not isinstance(threads, bool) and 1 <= threads <= 256:
                return threads
    return None


def _check_resumable(state: dict[str, Any], wanted: dict[str, Any], path: Path) -> None:
    """Refuse to resume from a checkpoint made with other settings (other numbers would follow)."""
    saved = state["config"]
    # epochs may grow; the device may change (a checkpoint moves between CPU and GPU)
    differ = [k for k in wanted if k not in ("epochs", "device") and saved.get(k) != wanted[k]]
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
