"""Exercise 3.4 (TensorBoard logging): the checks."""

from __future__ import annotations

import tempfile
from pathlib import Path

from realdata.course.checks._helpers import need_callable
from realdata.course.model import CheckFailed, Namespace, Test


def _read(run: Path) -> dict[str, list[tuple[int, float]]]:
    from realdata.training.tracking import read_scalars

    return read_scalars(run)


def t34_logs(ns: Namespace) -> None:
    fn = need_callable(ns, "train_and_log")
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp) / "lr-0.05"
        fn(str(run), 0.05, 2)
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
    steps = [s for s, _ in scalars["loss/train"]]
    if len(steps) > 2:
        raise CheckFailed(
            f"{len(steps)} points for 2 epochs: log once per epoch (step = the epoch number), not every batch"
        )
    if len(steps) != 2:
        raise CheckFailed(f"{len(steps)} loss points for 2 epochs; log one per epoch")
    accs = [v for _, v in scalars["accuracy/train"]]
    if not all(0 <= v <= 1 for v in accs):
        raise CheckFailed(f"accuracy values {accs} are not fractions between 0 and 1")


def t34_two_runs(ns: Namespace) -> None:
    runs = [p for p in Path("runs", "ex3.4").glob("*") if list(p.glob("events.out.tfevents.*"))]
    if len(runs) < 2:
        raise CheckFailed(
            f"runs/ex3.4 holds {len(runs)} run(s) with event files; run the cell that logs two runs"
        )


TESTS = (
    Test("one point per epoch for loss/train and accuracy/train", t34_logs),
    Test("at least two runs in runs/ex3.4", t34_two_runs),
)
