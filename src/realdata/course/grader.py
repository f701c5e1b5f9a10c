"""Grade exercise notebooks headless: each in its own kernel, with a time limit per cell.

A notebook is executed top to bottom by nbclient in a fresh Jupyter kernel (a
separate process) inside a temporary folder. Errors do not stop the run
(``allow_errors``); a cell that runs past the time limit is interrupted and
marked, and the run carries on, so one endless loop costs one time limit, not
the whole notebook. The results come from the grader's own last cell, run after
every learner cell (see ``harness``); the grader joins them with what it saw of each cell.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from realdata._fs import atomic_write_text, check_writable
from realdata.course import harness, registry
from realdata.course.model import CheckResult
from realdata.course.workspace import CHECK_TAG, EXERCISE_TAG, tags
from realdata.errors import RealdataError

DEFAULT_TIMEOUT_S = 60
TIMEOUT_ENAME = "CellTimeout"


@dataclass
class ExerciseGrade:
    """One exercise's grade in one notebook."""

    exercise_id: str
    status: str  # passed, failed, not started, error, timeout, not run
    score: float = 0.0
    message: str = ""
    public: tuple[int, int] = (0, 0)  # (passed, total)
    hidden: tuple[int, int] | None = None  # (passed, total) when hidden checks ran

    def label(self) -> str:
        """'3/5 public' plus the hidden count when hidden checks ran."""
        text = f"{self.public[0]}/{self.public[1]} public"
        if self.hidden is not None:
            text += f", {self.hidden[0]}/{self.hidden[1]} hidden"
        return text


@dataclass
class NotebookGrade:
    path: Path
    grades: dict[str, ExerciseGrade] = field(default_factory=dict)
    error: str = ""
    problems: list[str] = field(default_factory=list)  # tampering seen, results refused

    @property
    def total(self) -> float:
        return sum(g.score for g in self.grades.values())


def exercise_ids(nb: nbformat.NotebookNode) -> list[str]:
    """Exercise ids named by a notebook's cell tags, in order of appearance."""
    ids: list[str] = []
    for cell in nb.cells:
        for tag in tags(cell):
            for prefix in (EXERCISE_TAG, CHECK_TAG):
                if tag.startswith(prefix) and tag[len(prefix) :] not in ids:
                    ids.append(tag[len(prefix) :])
    return [i for i in ids if i in registry.EXERCISES]


def grade_notebook(
    path: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    hidden: bool = False,
    workspace: Path | None = None,
    on_cell: Callable[[int, int], None] | None = None,
    only: str | None = None,
) -> NotebookGrade:
    """Execute ``path`` in a fresh kernel and grade every exercise it holds.

    Args:
        timeout: seconds each cell may run before it is interrupted.
        hidden: also run the hidden checks (instructors' grading).
        workspace: record the results in this workspace's progress (a learner
            checking their own work); None records nothing (grading others).
        on_cell: called as ``on_cell(done, total)`` after each cell, for a progress bar.
        only: grade this exercise alone: run the cells up to its check, skipping the other checks.
    """
    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # nbformat raises JSON, validation and OS errors
        return NotebookGrade(path, error=f"not a readable notebook: {type(exc).__name__}: {exc}")
    ids = exercise_ids(nb)
    if not ids:
        return NotebookGrade(path, error="no exercise cells (tagged exercise:ID) in this notebook")
    if only is not None:
        if only not in ids:
            return NotebookGrade(path, error=f"exercise {only} is not in this notebook")
        nb.cells = _cells_for(nb.cells, only)
        ids = [only]

    # The notebook's own check cells are left out: the grade comes from the grader's cells, one per
    # exercise, appended after every learner cell. They print their results behind a nonce drawn now,
    # which no learner cell can know (see course/harness.py).
    nb.cells = [c for c in nb.cells if not any(t.startswith(CHECK_TAG) for t in tags(c))]
    nonce = harness.new_nonce()
    record = workspace is not None
    first_grader = len(nb.cells)
    for exercise_id in ids:
        cell = nbformat.v4.new_code_cell(harness.grader_cell(nonce, exercise_id, hidden, record=record))
        cell.metadata["realdata_grader"] = exercise_id
        nb.cells.append(cell)
    cell_of: dict[int, tuple[str, str]] = {}  # cell index -> (kind, exercise id)
    for i, cell in enumerate(nb.cells):
        if "realdata_grader" in cell.metadata:
            cell_of[i] = ("check", cell.metadata["realdata_grader"])
        for tag in tags(cell):
            if tag.startswith(EXERCISE_TAG):
                cell_of[i] = ("code", tag[len(EXERCISE_TAG) :])
    errors: dict[tuple[str, str], tuple[str, str]] = {}
    n_code = sum(c.cell_type == "code" for c in nb.cells)
    done = 0

    def cell_error(cell, cell_index, execute_reply, **_):  # noqa: ANN001, ANN003
        if cell_index in cell_of:
            content = execute_reply["content"]
            errors[cell_of[cell_index]] = (content.get("ename", "Error"), content.get("evalue", ""))

    died = ""
    with tempfile.TemporaryDirectory(prefix="realdata-grade-") as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        env = dict(os.environ)
        env.pop("REALDATA_RESULTS", None)
        env["REALDATA_HIDDEN"] = "0"
        env["REALDATA_NO_PROGRESS"] = "1"  # learner cells never record: the grader's cells do, when asked
        if workspace is not None:
            env["REALDATA_WORKSPACE"] = str(Path(workspace).resolve())
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            # The kernel talks to us over loopback; its warning about that is noise to a learner.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
            allow_errors=True,
            interrupt_on_timeout=True,
            error_on_timeout={
                "ename": TIMEOUT_ENAME,
                "evalue": f"interrupted after the {timeout:g} s time limit",
                "traceback": [],
            },
            resources={"metadata": {"path": str(work)}},
            on_cell_error=cell_error,
        )
        try:
            with client.setup_kernel(env=env):
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type != "code":
                        continue
                    kind, exercise_id = cell_of.get(index, ("", ""))
                    if kind == "check" and errors.get(("code", exercise_id), ("",))[0] == TIMEOUT_ENAME:
                        continue  # its code already used a whole time limit: one endless loop, one limit
                    client.execute_cell(cell, index)
                    done += 1
                    if on_cell is not None:
                        on_cell(done, n_code)
        except DeadKernelError as exc:
            died = f"the Python kernel died ({exc}) after {done} cells"

    grade = NotebookGrade(path)
    printed = "".join(
        o.get("text", "")
        for cell in nb.cells[first_grader:]
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stdout"
    )
    records, grade.problems = harness.read_results(printed, nonce, ids)
    for exercise_id in ids:
        grade.grades[exercise_id] = _grade_one(exercise_id, records.get(exercise_id), errors, timeout, died)
    return grade


def _cells_for(cells: list, exercise_id: str) -> list:
    """The cells up to ``exercise_id``'s check, without the other exercises' checks."""
    kept = []
    for cell in cells:
        checks = [t[len(CHECK_TAG) :] for t in tags(cell) if t.startswith(CHECK_TAG)]
        if exercise_id in checks:
            kept.append(cell)
            break
        if not checks:
            kept.append(cell)
    return kept


def _grade_one(
    exercise_id: str, record: dict | None, errors: dict, timeout: float, died: str
) -> ExerciseGrade:
    code_error = errors.get(("code", exercise_id))
    check_error = errors.get(("check", exercise_id))
    for err, where in ((code_error, "your code"), (check_error, "the check, running your code,")):
        if err and err[0] == TIMEOUT_ENAME:
            return ExerciseGrade(
                exercise_id,
                "timeout",
                message=f"{where} did not finish within {timeout:g} s (an endless loop?)",
            )
    if record is None:
        if code_error:
            return ExerciseGrade(
                exercise_id, "error", message=f"your code raised {code_error[0]}: {code_error[1]}"
            )
        reason = died or "no result: the grader's check of this exercise did not run"
        return ExerciseGrade(exercise_id, "not run", message=reason)
    result = CheckResult.from_dict(record)
    public = (sum(o.status == "passed" for o in result.public), len(result.public))
    hidden = (
        (sum(o.status == "passed" for o in result.hidden), len(result.hidden)) if result.hidden_run else None
    )
    if result.passed:
        status, message = "passed", ""
    elif result.not_started:
        status, message = "not started", result.not_started
    else:
        failure = next((o for o in result.outcomes if o.status == "failed"), None)
        status = "failed"
        message = (
            f"{failure.name}: {failure.message}"
            if failure and not failure.hidden
            else "a hidden check failed"
        )
    if code_error and status != "passed":
        message = f"your code raised {code_error[0]}: {code_error[1]}; {message}"
    return ExerciseGrade(exercise_id, status, result.score, message, public, hidden)


def grade_folder(
    folder: Path,
    csv_path: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    on_notebook: Callable[[Path, NotebookGrade], None] | None = None,
) -> list[NotebookGrade]:
    """Grade every ``*.ipynb`` in ``folder`` in isolation (hidden checks on) and write a CSV.

    One row per submission, one column per exercise (the fraction of its
    checks that passed), then the total and any problem with the notebook.
    A notebook that cannot be read or that crashes its kernel gets its row
    and the batch goes on. The CSV path is checked before anything is graded,
    and the file is rewritten (atomically) as each notebook finishes, so an
    interrupted batch keeps the rows it had.
    """
    csv_path = check_csv_path(csv_path)
    grades = []
    with tempfile.TemporaryDirectory(prefix="realdata-submissions-") as snapshot:
        # every submission is copied before the first one runs: a notebook that writes over a
        # classmate's file changes the folder, not what gets graded
        originals = sorted(Path(folder).glob("*.ipynb"))
        copies = []
        for i, path in enumerate(originals):
            copy = Path(snapshot) / f"{i:05d}" / path.name
            copy.parent.mkdir()
            shutil.copyfile(path, copy)
            copies.append(copy)
        for path, copy in zip(originals, copies, strict=True):
            g = grade_notebook(copy, timeout=timeout, hidden=True)
            g.path = path
            grades.append(g)
            atomic_write_text(csv_path, grades_csv(grades))
            if on_notebook is not None:
                on_notebook(path, g)
    return grades


def check_csv_path(csv_path: Path) -> Path:
    """Fail before grading, not after, if the CSV cannot be written there."""
    csv_path = Path(csv_path)
    if csv_path.is_dir():
        raise RealdataError(f"--csv {csv_path} is a folder; name a file, e.g. {csv_path / 'grades.csv'}")
    check_writable(csv_path.parent if str(csv_path.parent) else Path("."), what="CSV")
    return csv_path


def grades_csv(grades: list[NotebookGrade]) -> str:
    columns: list[str] = []
    for g in grades:
        for exercise_id in g.grades:
            if exercise_id not in columns:
                columns.append(exercise_id)
    columns.sort(key=lambda i: [int(p) for p in i.split(".")])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["submission", *columns, "total", "problems"])
    for g in grades:
        problems = ([g.error] if g.error else []) + g.problems
        problems += [
            f"{i}: {x.status} ({x.message})"
            for i, x in g.grades.items()
            if x.status in {"error", "timeout", "not run"}
        ]
        scores = [f"{g.grades[c].score:.2f}" if c in g.grades else "" for c in columns]
        writer.writerow([g.path.name, *scores, f"{g.total:.2f}", "; ".join(problems)])
    return out.getvalue()
