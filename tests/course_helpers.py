"""Helpers for the course tests: learners' namespaces and notebooks built from code strings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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


# ---------------------------------------------------------------------------- grading cases

_GRADING_HEADER = re.compile(r"^#\s*(kind|what|expect-[a-z-]+)(?:\s+([0-9.]+))?\s*(?::\s*(.*?))?\s*$")


@dataclass
class GradingCase:
    """A notebook written by someone else to attack (or honestly pass) the grader, with what must happen."""

    path: Path
    kind: str  # forge, harm, honest
    what: str
    cells: dict[str, str]  # exercise id -> the code that replaces its cell
    total: str | None = None
    max_total: float | None = None
    scores: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    no_problems: bool = False
    max_seconds: float | None = None

    @property
    def name(self) -> str:
        return self.path.stem

    def judge(self, row: dict[str, str]) -> list[str]:
        """What is wrong with this case's CSV row (empty: every expectation holds)."""
        wrong = []
        if self.total is not None and row["total"] != self.total:
            wrong.append(f"total {row['total']}, expected {self.total}")
        if self.max_total is not None and float(row["total"]) > self.max_total + 1e-9:
            wrong.append(f"total {row['total']}, expected at most {self.max_total:.2f}")
        for exercise_id, value in self.scores.items():
            if row.get(exercise_id) != value:
                wrong.append(f"{exercise_id} = {row.get(exercise_id)!r}, expected {value}")
        for text in self.problems:
            if text.lower() not in row["problems"].lower():
                wrong.append(f"problems {row['problems']!r} do not mention {text!r}")
        if self.no_problems and row["problems"]:
            wrong.append(f"expected no problems, got {row['problems']!r}")
        return wrong


def read_grading_case(path: Path) -> GradingCase:
    case = GradingCase(path=path, kind="", what="", cells={})
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        cell = re.match(r"^#\s*cell\s+(\d+\.\d+)\s*$", line)
        if cell:
            current = []
            case.cells[cell.group(1)] = current  # type: ignore[assignment]
            continue
        if current is not None:
            current.append(line)
            continue
        m = _GRADING_HEADER.match(line)
        if not m:
            continue
        key, arg, value = m.group(1), m.group(2), (m.group(3) or "")
        if key == "kind":
            case.kind = value
        elif key == "what":
            case.what = value
        elif key == "expect-total":
            case.total = value
        elif key == "expect-max-total":
            case.max_total = float(value)
        elif key == "expect-score" and arg:
            case.scores[arg] = value
        elif key == "expect-problem":
            case.problems.append(value)
        elif key == "expect-no-problems":
            case.no_problems = True
        elif key == "expect-max-seconds":
            case.max_seconds = float(value)
    case.cells = {k: "\n".join(v) + "\n" for k, v in case.cells.items()}  # type: ignore[misc]
    return case


def read_grading_cases(folder: Path) -> list[GradingCase]:
    return [read_grading_case(p) for p in sorted(Path(folder).glob("*.py")) if p.stem.split("_")[0] in KINDS]


KINDS = ("forge", "harm", "honest")
