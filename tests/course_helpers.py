"""Helpers for the course tests: learners' namespaces and notebooks built from code strings."""

from __future__ import annotations

from pathlib import Path

import nbformat

from realdata.course import registry
from realdata.course.model import run_tests
from realdata.course.workspace import build_notebook, exercise_cells


def _source(exercise_id: str) -> str:
    return registry.lesson(registry.exercise(exercise_id).lesson).exercises_source


def setup_namespace(lesson: int = 1) -> dict:
    """What the exercise notebook's set-up cell defines (by running that very cell)."""
    nb = build_notebook(registry.lesson(lesson).exercises_source)
    ns: dict = {}
    exec(next(c.source for c in nb.cells if "setup" in c.metadata.get("tags", [])), ns)
    return ns


def namespace_with(code: str, lesson: int = 1, base: dict | None = None) -> dict:
    """Run ``code`` as a notebook cell would: an error stops the cell, not the notebook."""
    ns = dict(base) if base is not None else setup_namespace(lesson)
    try:
        exec(code, ns)
    except Exception as exc:  # the checks must then say what is wrong
        ns["_cell_error"] = exc
    return ns


def grade(exercise_id: str, code: str, *, hidden: bool = True, base: dict | None = None):
    lesson = registry.lesson(registry.exercise(exercise_id).lesson).number
    return run_tests(registry.exercise(exercise_id), namespace_with(code, lesson, base), hidden=hidden)


def starter_code(exercise_id: str) -> str:
    nb = build_notebook(_source(exercise_id))
    return "\n".join(nb.cells[i].source for i in exercise_cells(nb, exercise_id))


def write_notebook(path: Path, answers: dict[str, str], lesson: int = 1) -> Path:
    """The exercise notebook with the given exercises' cells replaced by ``answers``."""
    nb = build_notebook(registry.lesson(lesson).exercises_source)
    for exercise_id, code in answers.items():
        cells = exercise_cells(nb, exercise_id)
        nb.cells[cells[0]].source = code
    nbformat.write(nb, path)
    return path


def solutions(*ids: str, lesson: int = 1) -> dict[str, str]:
    slug = registry.lesson(lesson).slug
    return {i: registry.exercise(i).solution for i in ids or [e.id for e in registry.exercises_of(slug)]}
