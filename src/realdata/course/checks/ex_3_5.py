"""Exercise 3.5 (Comparing three learning rates): the checks."""

from __future__ import annotations

import math
from pathlib import Path

from realdata.course.checks._helpers import expect_number, need
from realdata.course.checks.ex_3_4 import _read
from realdata.course.model import CheckFailed, Namespace, Test

RATES = (10.0, 0.1, 0.0001)
BLEW_UP = 3 * math.log(10)  # a loss 3x above guessing among 10 classes: the run has blown up


def _points_35() -> dict[float, list[tuple[int, float]]]:
    """Each run's (step, loss) points, by the rate its folder names."""
    runs = {}
    for folder in Path("runs", "ex3.5").glob("lr-*"):
        try:
            rate = float(folder.name.removeprefix("lr-"))
        except ValueError:
            continue
        scalars = _read(folder)
        if "loss/train" in scalars:
            runs[rate] = scalars["loss/train"]
    return runs


def _runs_35() -> dict[float, list[float]]:
    return {rate: [v for _, v in points] for rate, points in _points_35().items()}


def t35_runs(ns: Namespace) -> None:
    need(ns, "diverged")
    need(ns, "crawled")
    runs = _runs_35()
    missing = [r for r in RATES if r not in runs]
    if missing:
        found = (
            sorted(p.name for p in Path("runs", "ex3.5").glob("*")) if Path("runs", "ex3.5").exists() else []
        )
        raise CheckFailed(
            f"runs/ex3.5 has no run for lr {missing}: log each as runs/ex3.5/lr-<rate>, e.g. runs/ex3.5/lr-0.1 "
            f"(found {found or 'nothing'})"
        )
    # epochs counted as distinct steps: running the cell again adds a second event file to the same folder
    points = _points_35()
    epochs = {r: len({step for step, _ in points[r]}) for r in RATES}
    short = {r: n for r, n in epochs.items() if n != 3}
    if short:
        raise CheckFailed(f"each run trains for 3 epochs; epochs logged per run: {short}")


def t35_diverged(ns: Namespace) -> None:
    runs = _runs_35()
    bad = [
        r for r, losses in runs.items() if not all(math.isfinite(v) for v in losses) or max(losses) > BLEW_UP
    ]
    answer = need(ns, "diverged")
    expect_number(answer, 0.1, "diverged")
    if bad and answer not in bad:
        curve = ", ".join(f"{v:.3g}" for v in runs[bad[0]])
        raise CheckFailed(f"your runs say lr {bad[0]} diverged (its loss: {curve}); you answered {answer}")
    if not bad:
        raise CheckFailed("none of your runs diverged: use SGD with the rates given")


def t35_crawled(ns: Namespace) -> None:
    runs = _runs_35()
    finite = {r: v for r, v in runs.items() if all(math.isfinite(x) for x in v)}
    slowest = min(finite, key=lambda r: (finite[r][0] - finite[r][-1]) / finite[r][0])
    answer = need(ns, "crawled")
    expect_number(answer, 0.1, "crawled")
    if answer != slowest:
        drop = (finite[slowest][0] - finite[slowest][-1]) / finite[slowest][0]
        raise CheckFailed(
            f"your runs say lr {slowest} crawled (its loss fell only {drop:.1%}); you answered {answer}"
        )


TESTS = (
    Test("three runs logged", t35_runs),
    Test("which rate diverged", t35_diverged),
    Test("which rate crawled", t35_crawled),
)
