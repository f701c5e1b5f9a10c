"""Exercise 3.4 (TensorBoard logging): the checks.

The learner's ``train_and_log`` is run by the check with its own folder, rate and epoch count, while
two things are recorded: every optimizer step (which optimizer, which learning rate, which parameters)
and every value ``train_one_epoch`` returned. The event file must then hold, per epoch, exactly those
values, at distinct steps.
"""

from __future__ import annotations

import math
import tempfile
from contextlib import contextmanager
from pathlib import Path

import torch

from realdata.course.checks._helpers import need_callable
from realdata.course.model import CheckFailed, Namespace, Test


def _read(run: Path) -> dict[str, list[tuple[int, float]]]:
    from realdata.training.tracking import read_scalars

    return read_scalars(run)


@contextmanager
def _recording(ns: Namespace):  # noqa: ANN202
    """Record optimizer steps and train_one_epoch's results while the learner's code runs."""
    from torch.optim.optimizer import register_optimizer_step_pre_hook

    steps: list[tuple[str, float, frozenset[int]]] = []
    epochs: list[tuple[float, float]] = []
    held: list[
        torch.Tensor
    ] = []  # keeps every stepped parameter alive, so that no id is reused by a later one

    def on_step(opt, args, kwargs):  # noqa: ANN001, ANN202
        params = [p for g in opt.param_groups for p in g["params"]]
        held.extend(params)
        steps.append((type(opt).__name__, float(opt.param_groups[0]["lr"]), frozenset(id(p) for p in params)))

    original = ns.get("train_one_epoch")

    def recorded(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        result = original(*args, **kwargs)
        epochs.append(tuple(float(v) for v in result))
        return result

    handle = register_optimizer_step_pre_hook(on_step)
    if callable(original):
        ns["train_one_epoch"] = recorded  # type: ignore[index]
    try:
        yield steps, epochs, held
    finally:
        handle.remove()
        if callable(original):
            ns["train_one_epoch"] = original  # type: ignore[index]


def _run(ns: Namespace, folder: Path, lr: float, epochs: int):  # noqa: ANN202
    fn = need_callable(ns, "train_and_log")
    with _recording(ns) as (steps, results, held):
        fn(str(folder), lr, epochs)
    return steps, results, held


def t34_logs(ns: Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp) / "lr-0.05"
        steps, results, _ = _run(ns, run, 0.05, 2)
        if not run.exists() or not list(run.glob("events.out.tfevents.*")):
            raise CheckFailed(
                "no event file in the log folder: create SummaryWriter(log_dir) with the folder you are given"
            )
        scalars = _read(run)
    if not scalars:
        raise CheckFailed(
            "the event file holds no scalars: call writer.add_scalar(...) and writer.close() at the end"
        )
    for tag in ("loss/train", "accuracy/train"):
        if tag not in scalars:
            raise CheckFailed(f"no '{tag}' scalar; the tags logged were {sorted(scalars)}")
    points = scalars["loss/train"]
    if len(points) > 2:
        raise CheckFailed(
            f"{len(points)} points for 2 epochs: log once per epoch (step = the epoch number), not every batch"
        )
    if len(points) != 2:
        raise CheckFailed(
            f"{len(points)} loss points for epochs=2; log one per epoch, for every epoch asked for"
        )
    for tag in ("loss/train", "accuracy/train"):
        tag_steps = [s for s, _ in scalars[tag]]
        if len(set(tag_steps)) != len(tag_steps):
            raise CheckFailed(
                f"'{tag}' has every point at step {tag_steps[0]}: pass the epoch as add_scalar's third argument"
            )
    if len(results) != 2:
        raise CheckFailed(
            f"train_one_epoch ran {len(results)} time(s) for epochs=2: call it once per epoch, as the text asks"
        )
    losses = [v for _, v in scalars["loss/train"]]
    accs = [v for _, v in scalars["accuracy/train"]]
    if all(math.isclose(a, r[1], rel_tol=1e-5) for a, r in zip(losses, results, strict=True)):
        raise CheckFailed(
            "loss/train holds the accuracies: train_one_epoch returns (loss, accuracy), in that order"
        )
    if not all(math.isclose(v, r[0], rel_tol=1e-5) for v, r in zip(losses, results, strict=True)):
        raise CheckFailed(
            f"loss/train logged {losses}, but train_one_epoch returned the losses {[r[0] for r in results]}"
        )
    if not all(math.isclose(v, r[1], rel_tol=1e-5) for v, r in zip(accs, results, strict=True)):
        raise CheckFailed(
            f"accuracy/train logged {accs}, but train_one_epoch returned the accuracies {[r[1] for r in results]}"
        )


def t34_training(ns: Namespace) -> None:
    """The run trains one fresh model for all its epochs, with SGD at the rate it was given."""
    with tempfile.TemporaryDirectory() as tmp:
        # the first run's parameters are held while the second runs: a freed tensor's id could be reused
        first, _, first_params = _run(ns, Path(tmp) / "a", 0.037, 2)
        second, _, _ = _run(ns, Path(tmp) / "b", 0.011, 2)
        del first_params
    if not first:
        raise CheckFailed("train_and_log took no optimizer step: train with train_one_epoch and an optimizer")
    kinds = sorted({kind for kind, _, _ in first})
    if kinds != ["SGD"]:
        raise CheckFailed(
            f"the run trained with {', '.join(kinds)}; the text asks for optim.SGD(model.parameters(), lr=lr)"
        )
    rates = sorted({lr for _, lr, _ in first})
    if rates != [0.037]:
        raise CheckFailed(f"asked for lr=0.037, the optimizer stepped with lr={rates}: pass lr to optim.SGD")
    if sorted({lr for _, lr, _ in second}) != [0.011]:
        raise CheckFailed("a second run with another rate did not use it: pass lr to optim.SGD")
    if len({params for _, _, params in first}) > 1:
        raise CheckFailed(
            "each epoch trained a different model: build the model and the optimizer once, before the epoch loop"
        )
    if {params for _, _, params in first} == {params for _, _, params in second}:
        raise CheckFailed(
            "the second run kept training the first run's model: call make_model() inside train_and_log, so "
            "every run starts fresh"
        )


def t34_two_runs(ns: Namespace) -> None:
    for rate in ("0.1", "0.01"):
        run = Path("runs", "ex3.4", f"lr-{rate}")
        if not list(run.glob("events.out.tfevents.*")):
            found = (
                sorted(p.name for p in Path("runs", "ex3.4").glob("*"))
                if Path("runs", "ex3.4").exists()
                else []
            )
            raise CheckFailed(
                f"no run in {run}: log the two runs as runs/ex3.4/lr-0.1 and runs/ex3.4/lr-0.01 (found {found})"
            )
        points = _read(run).get("loss/train", [])
        if len(points) < 3:
            raise CheckFailed(f"{run} holds {len(points)} loss point(s); the runs train for 3 epochs")
    fast, slow = (_read(Path("runs", "ex3.4", f"lr-{r}"))["loss/train"][-1][1] for r in ("0.1", "0.01"))
    # on these 2,000 images SGD at 0.1 ends 3 epochs near 0.33, at 0.01 near 1.1: a run trained at the
    # other folder's rate shows up as two curves ending at the same place
    if not slow > fast + 0.3:
        raise CheckFailed(
            f"runs/ex3.4/lr-0.1 ends at a loss of {fast:.3f} and lr-0.01 at {slow:.3f}: a rate ten times smaller "
            "should learn visibly slower. Was each run trained with the rate its folder names?"
        )


TESTS = (
    Test(
        "one point per epoch for loss/train and accuracy/train, the values train_one_epoch returned", t34_logs
    ),
    Test("one fresh model per run, trained with SGD at the given rate", t34_training),
    Test("two runs in runs/ex3.4: lr-0.1 and lr-0.01", t34_two_runs),
)
