"""A warm Python kernel per exercise notebook, for the site's Check button.

``realdata exercises check 1.1`` starts a kernel and runs the notebook up to 1.1's
check: seconds of setup on every check. The site keeps one kernel per exercise
notebook alive instead. The first check of an exercise runs the notebook's cells
before it and snapshots the namespace there; every attempt starts from that
snapshot (so a name an earlier attempt defined cannot make a broken attempt pass),
runs the learner's code, the cells between it and its check, then the check. A
check of an earlier exercise, or a notebook changed outside, gets a fresh kernel. The check itself is the grader's own cell
(``course/harness.py``): the same checks, the same hidden-check rule (public only),
results behind a nonce no learner cell can know, and the same per-cell time limit.
A cell past its limit is interrupted; a kernel that does not take the interrupt, or
dies, is restarted, and the page says so.
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from realdata.course import harness, registry
from realdata.course.grader import DEFAULT_TIMEOUT_S, TIMEOUT_ENAME, ExerciseGrade, grade_one
from realdata.course.workspace import CHECK_TAG, EXERCISE_TAG, tags


@dataclass
class Verdict:
    """What the page shows after Check: the grade, each public check, and what happened to the kernel."""

    grade: ExerciseGrade
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    solution: str = ""  # after a pass
    kernel: str = ""  # "restarted: ..." when the kernel had to be replaced
    output: str = ""  # what the learner's code printed

    def to_dict(self) -> dict[str, Any]:
        g = self.grade
        return {
            "exercise_id": g.exercise_id,
            "status": g.status,
            "score": g.score,
            "message": g.message,
            "outcomes": self.outcomes,
            "solution": self.solution,
            "kernel": self.kernel,
            "output": self.output[-4000:],
        }


class LessonKernel:
    """One kernel for one exercise notebook of one workspace."""

    def __init__(self, workspace: Path, notebook: Path, *, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.workspace, self.notebook, self.timeout = Path(workspace), Path(notebook), timeout
        self.client: NotebookClient | None = None
        self.lock = asyncio.Lock()
        self.at = -1  # the exercise cell whose starting namespace is snapshotted: cells before it ran
        self.stamp = ""  # the notebook's layout (every cell but the learner's) when that snapshot was taken
        self.busy = False
        self.last_used = time.monotonic()

    async def start(self) -> None:
        nb = nbformat.v4.new_notebook()
        self.client = NotebookClient(
            nb,
            timeout=self.timeout,
            kernel_name="python3",
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
            allow_errors=True,
            interrupt_on_timeout=True,
            resources={"metadata": {"path": str(self.workspace)}},
        )
        env = {**os.environ, "REALDATA_WORKSPACE": str(self.workspace.resolve()), "REALDATA_NO_PROGRESS": "1",
               "REALDATA_HIDDEN": "0"}  # fmt: skip
        env.pop("REALDATA_RESULTS", None)
        self.client.km = self.client.create_kernel_manager()
        await self.client.async_start_new_kernel(env=env)
        await self.client.async_start_new_kernel_client()
        self.at = -1

    async def stop(self) -> None:
        if self.client is not None and self.client.km is not None:
            try:
                if self.client.kc is not None:
                    self.client.kc.stop_channels()
                await self.client.km.shutdown_kernel(now=True)
            except Exception:  # noqa: BLE001 - it may be dead already
                pass
        self.client = None

    async def interrupt(self) -> None:
        if self.client is not None and self.client.km is not None:
            await self.client.km.interrupt_kernel()

    async def _run(self, source: str, index: int) -> tuple[nbformat.NotebookNode, tuple[str, str] | None]:
        """Run one cell; return it and its error ``(ename, evalue)`` as the kernel replied, if any.

        The reply decides, not the outputs: after a time limit the kernel prints a KeyboardInterrupt,
        but the reply says CellTimeout.
        """
        assert self.client is not None
        cell = nbformat.v4.new_code_cell(source)
        self.client.nb.cells.append(cell)
        position = len(self.client.nb.cells) - 1
        self.client.error_on_timeout = {"ename": TIMEOUT_ENAME, "evalue": "time limit", "traceback": []}
        replied: list[tuple[str, str]] = []

        def on_error(cell, cell_index, execute_reply, **_):  # noqa: ANN001, ANN003, ANN202
            content = execute_reply["content"]
            replied.append((content.get("ename", "Error"), content.get("evalue", "")))

        self.client.on_cell_error = on_error
        await self.client.async_execute_cell(cell, position)
        return cell, (replied[0] if replied else None)

    async def check(self, exercise_id: str, code: str) -> Verdict:
        """Run ``code`` as the exercise's cell, then its check; return the verdict."""
        async with self.lock:
            self.busy = True
            try:
                return await self._check(exercise_id, code)
            finally:
                self.busy = False
                self.last_used = time.monotonic()

    async def _check(self, exercise_id: str, code: str) -> Verdict:
        note = ""
        nb = nbformat.read(self.notebook, as_version=4)
        cells = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        target = next(i for i, c in cells if EXERCISE_TAG + exercise_id in tags(c))
        check_at = next(
            (i for i, c in cells if i > target and CHECK_TAG + exercise_id in tags(c)), len(nb.cells)
        )
        stamp = _layout(nb)
        alive = self.client is not None and await self.client.km.is_alive()
        # a fresh kernel when: none yet, it died, the check is of an earlier exercise than the kernel's
        # state (later cells have run), or the notebook changed outside (cell positions may have moved)
        if not alive or target < self.at or (self.at >= 0 and stamp != self.stamp):
            if self.client is not None and not alive:
                note = "the Python kernel had stopped; a fresh one was started"
            await self.stop()
            await self.start()
        errors: dict[tuple[str, str], tuple[str, str]] = {}
        printed = []
        try:
            if self.at >= 0:
                await self._run(harness.RESTORE_CELL, target)  # forget what earlier attempts defined
            if self.at != target:
                # the cells from the snapshot up to this exercise, in notebook order: the setup, and
                # the earlier exercises as the notebook holds them (checks left out)
                for i, cell in cells:
                    if i < max(self.at, 0) or i >= target or _is_check(cell):
                        continue
                    _, err = await self._run("".join(cell.source), i)
                    if err:  # the learner's code can't be judged on a broken setup: say which cell
                        await self.stop()
                        what = "the time limit" if err[0] == TIMEOUT_ENAME else f"{err[0]}: {err[1]}"
                        grade = ExerciseGrade(
                            exercise_id,
                            "not run",
                            message=f"cell {i + 1} of the notebook, before this exercise, stopped ({what})",
                        )
                        return Verdict(
                            grade, kernel="the kernel was restarted; check again once that cell runs"
                        )
                await self._run(harness.SNAPSHOT_CELL, target)  # the namespace every attempt starts from
                self.at, self.stamp = target, stamp
            ran, err = await self._run(code, target)
            if err:
                errors[("code", exercise_id)] = err
            printed.append(_stdout(ran))
            if not err or err[0] != TIMEOUT_ENAME:
                # the cells between the exercise and its check run after it, as in the notebook
                for i, cell in cells:
                    if target < i < check_at and not _is_check(cell) and not _is_exercise(cell):
                        ran, e = await self._run("".join(cell.source), i)
                        printed.append(_stdout(ran))
                        if e and e[0] == TIMEOUT_ENAME:
                            errors[("check", exercise_id)] = e
                            break
            nonce = harness.new_nonce()
            if ("code", exercise_id) not in errors or errors[("code", exercise_id)][0] != TIMEOUT_ENAME:
                graded, e = await self._run(
                    harness.grader_cell(nonce, exercise_id, False, record=True), target
                )
                if e:
                    errors.setdefault(("check", exercise_id), e)
                records, _problems, trusted = harness.read_results(_stdout(graded), nonce, [exercise_id])
            else:
                records, trusted = {}, True
        except (DeadKernelError, CellTimeoutError, RuntimeError) as exc:
            await self.stop()
            grade = ExerciseGrade(exercise_id, "not run", message=f"the Python kernel stopped ({exc})")
            return Verdict(grade, kernel="the kernel died; a fresh one starts on your next check")
        timed_out = any(errors.get((k, exercise_id), ("",))[0] == TIMEOUT_ENAME for k in ("code", "check"))
        if timed_out:
            await self.stop()  # an endless loop may ignore the interrupt: start clean next time
            note = note or f"your code ran past the {self.timeout:g} s limit; the kernel was restarted"
        if not trusted:
            await self.stop()  # hooks the learner's code installed would spoil every later check
            grade = ExerciseGrade(
                exercise_id, "not trusted", message="the checks or their results were tampered with"
            )
            return Verdict(grade, kernel="the kernel was restarted", output="".join(printed))
        record = records.get(exercise_id)
        grade = grade_one(exercise_id, record, errors, self.timeout, "")
        outcomes = [o for o in (record or {}).get("outcomes", []) if not o.get("hidden")]
        solution = registry.exercise(exercise_id).solution if grade.status == "passed" else ""
        return Verdict(grade, outcomes, solution, note, "".join(printed))


def _layout(nb: nbformat.NotebookNode) -> str:
    """The notebook's cells apart from the learner's code: a change means cell positions or setup moved.

    Check saves the learner's code into the notebook; that alone must not cost a fresh kernel.
    """
    import hashlib

    h = hashlib.sha256()
    for cell in nb.cells:
        h.update(
            cell.cell_type.encode()
            + b"\0"
            + ("" if _is_exercise(cell) else "".join(cell.source)).encode()
            + b"\1"
        )
    return h.hexdigest()


def _is_check(cell: nbformat.NotebookNode) -> bool:
    return any(t.startswith(CHECK_TAG) for t in tags(cell))


def _is_exercise(cell: nbformat.NotebookNode) -> bool:
    return any(t.startswith(EXERCISE_TAG) for t in tags(cell))


def _stdout(cell: nbformat.NotebookNode) -> str:
    return "".join(
        o.get("text", "")
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stdout"
    )
