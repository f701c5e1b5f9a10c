"""Grade exercise notebooks headless: each in its own kernel, with a time limit per cell.

A notebook is executed top to bottom by nbclient in a fresh Jupyter kernel (a
separate process) inside a temporary folder. Errors do not stop the run
(``allow_errors``); a cell that runs past the time limit is interrupted and
marked, and the run carries on, so one endless loop costs one time limit, not
the whole notebook. The results come from the grader's own last cell, run after
every learner cell (see ``harness``); the grader joins them with what it saw of each cell.
"""

from __future__ import annotations

import functools
import math
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from realdata.course import harness, registry, sandbox
from realdata.course.model import CheckResult
from realdata.course.workspace import (
    CHECK_TAG,
    EXERCISE_TAG,
    SETUP_TAG,
    build_notebook,
    find_exercise_notebook,
    tags,
)
from realdata.errors import RealdataError

DEFAULT_TIMEOUT_S = 60
DEFAULT_GRACE_S = 5
# The course's own set-up cell (imports torch, torchvision, matplotlib; lesson 2 loads MNIST) is not the
# learner's code and must not be judged by the learner's time limit: on a grading machine busy with
# other kernels, importing torch alone has taken over 10 s, and a `--timeout 5` then failed every
# exercise of every notebook as "not run".
SETUP_TIMEOUT_S = 180
TIMEOUT_ENAME = "CellTimeout"


@dataclass
class ExerciseGrade:
    """One exercise's grade in one notebook."""

    exercise_id: str
    status: str  # passed, failed, not started, error, timeout, not run, not trusted
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

    def total_of(self, exercise_ids: list[str]) -> float:
        """The total over these exercises only (an assignment's), whatever else the notebook holds."""
        return sum(self.grades[i].score for i in exercise_ids if i in self.grades)


def exercise_ids(nb: nbformat.NotebookNode) -> list[str]:
    """Exercise ids named by a notebook's cell tags, in order of appearance."""
    ids: list[str] = []
    for cell in nb.cells:
        for tag in tags(cell):
            for prefix in (EXERCISE_TAG, CHECK_TAG):
                if tag.startswith(prefix) and tag[len(prefix) :] not in ids:
                    ids.append(tag[len(prefix) :])
    return [i for i in ids if i in registry.EXERCISES]


def check_target(target: str, workspace: Path) -> tuple[Path, str | None]:
    """What ``realdata exercises check TARGET`` runs: ``(notebook, only)``.

    An exercise id means its notebook in the workspace, run up to that exercise (``only``);
    a path ending in ``.ipynb`` means that notebook, every exercise in it.

    Raises:
        RealdataError: no such exercise, notebook or file.
    """
    if not target.endswith(".ipynb"):
        return find_exercise_notebook(workspace, target), target
    path = Path(target)
    if not path.is_file():
        raise RealdataError(f"no notebook at {path}")
    return path, None


def grade_notebook(
    path: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    hidden: bool = False,
    workspace: Path | None = None,
    on_cell: Callable[[int, int], None] | None = None,
    only: str | None = None,
    limits: sandbox.Limits | None = None,
    notebook_timeout: float | None = None,
    grace: float = DEFAULT_GRACE_S,
    threads: int | None = None,
    setup_timeout: float = SETUP_TIMEOUT_S,
) -> NotebookGrade:
    """Execute ``path`` in a fresh kernel and grade every exercise it holds.

    Args:
        timeout: seconds each cell may run before it is interrupted.
        setup_timeout: seconds for the course's own set-up cell (unchanged from the course's notebook),
            when longer than ``timeout``.
        limits: run the kernel in the sandbox with these limits (grading others' work); None runs it as
            a plain kernel (a learner checking their own notebook).
        notebook_timeout: seconds the whole notebook may take; the cells after it are "not run".
        grace: seconds an interrupted kernel has to take the next cell before it is stopped.
        threads: torch/OpenMP threads for the kernel (None: its default).
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
    for cell in nb.cells:  # the grader's marks are set below, never taken from the notebook
        for key in [k for k in cell.metadata if k.startswith("realdata_")]:
            del cell.metadata[key]
    # The per-cell limit is for the learner's code. The course's own set-up cell (the first code cell,
    # unchanged) and the grader's own imports (its checks import torch and torchvision), run first in a
    # prelude cell, get longer ones; the prelude is never cut short (an import interrupted halfway leaves
    # torch half-made, and every check after it fails for no fault of the learner's).
    first_code = next((c for c in nb.cells if c.cell_type == "code"), None)
    prelude = nbformat.v4.new_code_cell(
        harness.prelude_cell([registry.exercise(i).checks_module for i in ids])
    )
    nb.cells.insert(0, prelude)
    own_limit = {id(prelude): max(timeout, SETUP_TIMEOUT_S, setup_timeout)}  # id() of a cell -> its limit
    if first_code is not None and _is_course_setup(first_code):
        own_limit[id(first_code)] = max(timeout, setup_timeout)
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

    timed_out: set[int] = set()  # id() of the cells stopped by a time limit

    def cell_error(cell, cell_index, execute_reply, **_):  # noqa: ANN001, ANN003
        content = execute_reply["content"]
        if content.get("ename") == TIMEOUT_ENAME:
            timed_out.add(id(cell))
        if cell_index in cell_of:
            errors[cell_of[cell_index]] = (content.get("ename", "Error"), content.get("evalue", ""))

    died = ""
    token = sandbox.new_token()
    work = (
        sandbox.prepare_workdir(limits) if limits is not None else Path(tempfile.mkdtemp(prefix="realdata-"))
    )
    env = dict(os.environ)
    env.pop("REALDATA_RESULTS", None)
    env["REALDATA_HIDDEN"] = "0"
    env["REALDATA_NO_PROGRESS"] = "1"  # learner cells never record: the grader's cells do, when asked
    if workspace is not None:
        env["REALDATA_WORKSPACE"] = str(Path(workspace).resolve())
    if threads is not None:  # parallel grading: kernels that each take every core slow each other down
        env["OMP_NUM_THREADS"] = env["MKL_NUM_THREADS"] = str(threads)
    env = (
        sandbox.kernel_env(env, work, token, limits)
        if limits is not None
        else {**env, sandbox.TOKEN_VAR: token}
    )
    # RLIMIT_CPU adds up the time of every thread: a kernel with 8 threads uses 8 CPU seconds a second
    cpu_limits = (
        replace(limits, cpu_s=limits.cpu_s * (threads or os.cpu_count() or 1)) if limits is not None else None
    )
    deadline = time.monotonic() + (notebook_timeout or math.inf)
    try:
        for attempt in range(2):
            client = NotebookClient(
                nb,
                km=sandbox.kernel_manager(cpu_limits, work) if cpu_limits is not None else None,
                timeout=timeout,
                kernel_name="python3",
                # The kernel talks to us over loopback; its warning about that is noise to a learner.
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
                allow_errors=True,
                interrupt_on_timeout=True,
                resources={"metadata": {"path": str(work)}},
                on_cell_error=cell_error,
            )
            pid = None
            started = False
            try:
                with client.setup_kernel(env=env):
                    started = True
                    pid = _kernel_pid(client)
                    for index, cell in list(enumerate(nb.cells)):
                        if cell.cell_type != "code":
                            continue
                        kind, exercise_id = cell_of.get(index, ("", ""))
                        if kind == "check" and errors.get(("code", exercise_id), ("",))[0] == TIMEOUT_ENAME:
                            continue  # its code already used a whole time limit: one endless loop, one limit
                        left = deadline - time.monotonic()
                        if left <= 0:
                            died = f"the notebook ran past its {notebook_timeout:g} s time limit; later cells were not run"
                            break
                        cell_limit = own_limit.get(id(cell), timeout)
                        limit = min(cell_limit, left)
                        reason = (
                            f"interrupted after the {cell_limit:g} s time limit"
                            if limit == cell_limit
                            else f"interrupted: the notebook reached its {notebook_timeout:g} s time limit"
                        )
                        client.timeout = max(1, math.ceil(limit))
                        client.error_on_timeout = {"ename": TIMEOUT_ENAME, "evalue": reason, "traceback": []}
                        client.execute_cell(cell, index)
                        done += 1
                        if on_cell is not None:
                            on_cell(done, n_code)
                        if id(cell) in timed_out and not _responds(client, grace, timed_out):
                            died = (
                                f"the kernel ignored the interrupt {grace:g} s after the time limit and was stopped; "
                                "later cells were not run"
                            )
                            break
            except DeadKernelError as exc:
                died = f"the Python kernel died ({exc}) after {done} cells"
            except (RuntimeError, OSError) as exc:  # the kernel could not start (e.g. the sandbox refused)
                died = f"the Python kernel could not run: {exc}"
            finally:
                sandbox.kill_leftovers(pid, token)
            if started or attempt:
                break
            died = (
                ""  # the kernel never came up (say, a port taken between choosing and binding it): once more
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    grade = NotebookGrade(path)
    printed = "".join(
        o.get("text", "")
        for cell in nb.cells[first_grader:]
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stdout"
    )
    records, grade.problems, trusted = harness.read_results(printed, nonce, ids)
    for exercise_id in ids:
        if trusted:
            grade.grades[exercise_id] = grade_one(
                exercise_id, records.get(exercise_id), errors, timeout, died
            )
        else:  # learner code reached the checks or their output: nothing this kernel said can count
            grade.grades[exercise_id] = ExerciseGrade(
                exercise_id, "not trusted", message="the grader's checks or their results were tampered with"
            )
    for cell, what, then in (
        (
            first_code,
            "the set-up cell (the first code cell)",
            "the cells after it ran without what it defines",
        ),
        (prelude, "the grader's own imports", "each check then imported what it needs itself"),
    ):
        if cell is not None and id(cell) in timed_out:
            limit = own_limit.get(id(cell), timeout)
            grade.problems.insert(0, f"{what} did not finish within {limit:g} s: {then}")
    if not trusted:
        grade.problems.insert(0, "results not trusted: the kernel was tampered with; every exercise scores 0")
    return grade


@functools.cache
def _setup_sources() -> frozenset[str]:
    """The set-up cell of every lesson's exercise notebook, as the course writes it."""
    return frozenset(
        cell.source
        for lesson in registry.LESSONS
        for cell in build_notebook(lesson.exercises_source).cells
        if SETUP_TAG in tags(cell)
    )


def _is_course_setup(cell: nbformat.NotebookNode) -> bool:
    """The course's own set-up cell: tagged so and unchanged (a learner's edit makes it their code)."""
    return cell.cell_type == "code" and SETUP_TAG in tags(cell) and cell.source in _setup_sources()


def _kernel_pid(client: NotebookClient) -> int | None:
    process = getattr(getattr(client.km, "provisioner", None), "process", None)
    return getattr(process, "pid", None)


def _responds(client: NotebookClient, grace: float, timed_out: set[int]) -> bool:
    """After an interrupt: does the kernel take a new cell within ``grace`` seconds?

    A loop that catches KeyboardInterrupt keeps the kernel busy, and every later cell would wait out its
    full time limit behind it; the caller stops such a kernel instead.
    """
    probe = nbformat.v4.new_code_cell("pass")
    client.timeout = max(1, math.ceil(grace))
    client.nb.cells.append(probe)  # nbclient stores the executed cell back at its index: give it its own
    try:
        client.execute_cell(probe, len(client.nb.cells) - 1)
    finally:
        client.nb.cells.pop()
    return id(probe) not in timed_out


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


def grade_one(
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
        # a hidden check's message says what went wrong with the learner's code; its name and code stay hidden
        if failure is None:
            message = "a check failed"
        elif failure.hidden:
            message = f"a hidden check found a problem: {failure.message}"
        else:
            message = f"{failure.name}: {failure.message}"
    if code_error and status != "passed":
        message = f"your code raised {code_error[0]}: {code_error[1]}; {message}"
    return ExerciseGrade(exercise_id, status, result.score, message, public, hidden)
