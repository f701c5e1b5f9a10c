"""Check a piece of learner code as its notebook would: in the context of the cells before it.

``check_code("2.4", code)`` runs the exercise notebook's set-up cell and every cell before exercise 2.4
(earlier exercises with their reference solutions, plain cells as written, check cells skipped), then
``code`` in place of the exercise's cell, then the plain cells between it and its check (a training
cell the check reads), then the check. The tests' mutation suite and ``realdata exercises try`` use it.

The context before the exercise is built once per exercise and copied for each piece of code: models
and optimizers are deep-copied together (so an optimizer still holds its model's parameters), so code
that trains or breaks a model cannot leak into the next piece of code checked.
"""

from __future__ import annotations

import contextlib
import copy
import tempfile
from typing import Any

from realdata.course import registry
from realdata.course.model import CheckResult, run_tests
from realdata.course.workspace import CHECK_TAG, EXERCISE_TAG, build_notebook, tags

_PREFIX: dict[str, dict[str, Any]] = {}


def _cells(exercise_id: str) -> tuple[list[str], list[str]]:
    """(code before the exercise's cell, plain code between its cell and its check)."""
    lesson = registry.lesson(registry.exercise(exercise_id).lesson)
    before: list[str] = []
    after: list[str] = []
    state = "before"
    for cell in build_notebook(lesson.exercises_source).cells:
        if cell.cell_type != "code":
            continue
        cell_tags = tags(cell)
        if f"{EXERCISE_TAG}{exercise_id}" in cell_tags:
            state = "after"
            continue
        if any(t.startswith(CHECK_TAG) for t in cell_tags):
            if f"{CHECK_TAG}{exercise_id}" in cell_tags:
                break
            continue
        done = next((t[len(EXERCISE_TAG) :] for t in cell_tags if t.startswith(EXERCISE_TAG)), None)
        code = registry.exercise(done).solution if done else cell.source
        (before if state == "before" else after).append(code)
    return before, after


def _isolated(ns: dict[str, Any]) -> dict[str, Any]:
    import torch

    stateful = {
        k: v
        for k, v in ns.items()
        if isinstance(v, torch.nn.Module | torch.optim.Optimizer) and k != "__builtins__"
    }
    return {**ns, **copy.deepcopy(stateful)}


def context(exercise_id: str) -> dict[str, Any]:
    """A fresh copy of the namespace a learner has when they reach ``exercise_id``'s cell."""
    if exercise_id not in _PREFIX:
        ns: dict[str, Any] = {"__name__": "__main__"}
        for code in _cells(exercise_id)[0]:
            exec(compile(code, f"<cell before {exercise_id}>", "exec"), ns)
        _PREFIX[exercise_id] = ns
    return _isolated(_PREFIX[exercise_id])


def check_code(exercise_id: str, code: str, *, hidden: bool = True) -> CheckResult:
    """Run ``code`` as exercise ``exercise_id``'s cell, the cells after it up to its check, then check it.

    An error in the code stops its cell, as in a notebook; the check then says what is missing or wrong.
    """
    ns = context(exercise_id)
    # in a folder of its own, as a notebook runs in its workspace: files one piece of code writes (runs/,
    # CSVs) must not be found by the check of the next
    with tempfile.TemporaryDirectory(prefix="realdata-check-") as tmp, contextlib.chdir(tmp):
        for cell in [code, *_cells(exercise_id)[1]]:
            try:
                exec(compile(cell, f"<exercise {exercise_id}>", "exec"), ns)
            except Exception:  # noqa: BLE001 - the learner's cell failed; the check will say what is wrong
                break
        return run_tests(registry.exercise(exercise_id), ns, hidden=hidden)
