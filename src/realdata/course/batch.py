"""Grade a class: find the submissions, grade them in parallel on Dask, write the CSV as rows come in.

``grade_folder`` is what ``realdata grade`` runs:

1. **Before any grading** it checks the CSV path, reads every ``*.ipynb`` under the folder (subfolders
   too: ``alice/ex.ipynb`` and ``bob/ex.ipynb`` are two submissions) into memory, and settles the
   assignment: the lesson whose exercises most notebooks hold, unless one is named. That in-memory copy is
   what gets graded, so a notebook that overwrites a classmate's file changes nothing.
2. Each notebook becomes one Dask task (``grade_submission``): the notebook's bytes in, a
   ``NotebookGrade`` out. By default the tasks run on a ``LocalCluster`` of worker processes, one per core;
   ``scheduler="tcp://host:8786"`` sends them to an existing cluster instead. A task whose worker dies is
   run again elsewhere (Dask's own bookkeeping); one that still fails becomes a row with its problem.
3. Rows are written as tasks finish (the CSV is rewritten atomically each time, sorted by name), and each
   result is kept in ``<csv stem>.results.json`` under the notebook's content hash: ``resume`` regrades
   only new or changed notebooks, ``only`` regrades one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from realdata._fs import atomic_write_text, check_writable
from realdata.course import registry, sandbox
from realdata.course.grader import (
    DEFAULT_GRACE_S,
    DEFAULT_TIMEOUT_S,
    SETUP_TIMEOUT_S,
    ExerciseGrade,
    NotebookGrade,
    exercise_ids,
    grade_notebook,
)
from realdata.errors import RealdataError

DEFAULT_NOTEBOOK_TIMEOUT_S = 600
CACHE_VERSION = 1


@dataclass(frozen=True)
class GradeConfig:
    """How each notebook is graded. Part of the results cache's key: change it and everything regrades."""

    timeout: float = DEFAULT_TIMEOUT_S  # seconds per cell
    notebook_timeout: float = DEFAULT_NOTEBOOK_TIMEOUT_S  # seconds per notebook, all cells together
    grace: float = DEFAULT_GRACE_S  # seconds an interrupted kernel gets before it is stopped
    setup_timeout: float = SETUP_TIMEOUT_S  # seconds for the course's own set-up cell
    limits: sandbox.Limits = field(default_factory=sandbox.Limits)
    hidden: bool = True

    @classmethod
    def for_limits(
        cls, *, timeout: float, notebook_timeout: float, memory_mb: int, run_as: str | None
    ) -> GradeConfig:
        """The settings ``realdata grade`` takes; the CPU-time limit follows from the notebook's wall clock
        (half as much again, plus a minute for the kernel to start and the checks to run)."""
        cpu_s = int(notebook_timeout * 1.5) + 60
        return cls(
            timeout=timeout,
            notebook_timeout=notebook_timeout,
            limits=sandbox.Limits(memory_mb=memory_mb, cpu_s=cpu_s, user=run_as),
        )

    def key(self) -> str:
        d = asdict(self)
        d["limits"].pop("user")  # who runs the kernel does not change a grade
        return json.dumps(d, sort_keys=True)


@dataclass
class Submission:
    """One notebook as found before grading: its name (path relative to the folder) and bytes."""

    name: str
    content: bytes
    sha: str
    ids: list[str] = field(default_factory=list)  # exercise ids it holds
    error: str = ""  # why it cannot be graded (unreadable, another lesson's notebook)

    @property
    def lesson(self) -> str | None:
        lessons = Counter(registry.EXERCISES[i].lesson for i in self.ids)
        return lessons.most_common(1)[0][0] if lessons else None


@dataclass
class Batch:
    """What grade_folder found and did: the rows, and the lines the CLI shows before and after."""

    lesson: str
    columns: list[str]
    grades: list[NotebookGrade]
    notes: list[str] = field(default_factory=list)  # skipped files, reused results, the sandbox's user
    graded: int = 0  # notebooks run this time (the rest came from the results file)


def find_submissions(folder: Path) -> tuple[list[Submission], list[str]]:
    """Every notebook under ``folder`` (read now, into memory), and a line about what was skipped."""
    folder = Path(folder)
    if not folder.is_dir():
        raise RealdataError(f"{folder} is not a folder of notebooks")
    subs, others = [], 0
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):  # .ipynb_checkpoints, .git, hidden files
            continue
        if not path.is_file():
            continue
        if path.suffix != ".ipynb":
            others += 1
            continue
        try:
            content = path.read_bytes()
        except OSError as exc:
            subs.append(Submission(rel.as_posix(), b"", "", error=f"could not read the file: {exc.strerror}"))
            continue
        sub = Submission(rel.as_posix(), content, hashlib.sha256(content).hexdigest())
        try:
            sub.ids = exercise_ids(nbformat.reads(content.decode("utf-8"), as_version=4))
        except Exception as exc:  # noqa: BLE001 - nbformat raises JSON, validation and decoding errors
            sub.error = f"not a readable notebook: {type(exc).__name__}: {exc}"
        else:
            if not sub.ids:
                sub.error = "no exercise cells (tagged exercise:ID) in this notebook"
        subs.append(sub)
    if not subs:
        found = f" (only {others} other files)" if others else ""
        raise RealdataError(
            f"no .ipynb notebooks in {folder}{found}; point realdata grade at the submissions"
        )
    skipped = [f"skipped {others} files that are not notebooks (.ipynb)"] if others else []
    return subs, skipped


def assignment(subs: list[Submission], lesson: str | None) -> tuple[str, list[str]]:
    """The lesson being graded (named, else the one most notebooks hold) and its exercise ids."""
    if lesson is not None:
        slug = registry.lesson(lesson).slug
    else:
        counts = Counter(s.lesson for s in subs if s.lesson)
        if not counts:
            raise RealdataError("none of the notebooks holds exercises of this course; nothing to grade")
        slug = counts.most_common(1)[0][0]
    return slug, [e.id for e in registry.exercises_of(slug)]


def check_csv_path(csv_path: Path) -> Path:
    """Fail before grading, not after, if the CSV cannot be written there."""
    csv_path = Path(csv_path)
    if csv_path.is_dir():
        raise RealdataError(f"--csv {csv_path} is a folder; name a file, e.g. {csv_path / 'grades.csv'}")
    check_writable(csv_path.parent if str(csv_path.parent) else Path("."), what="CSV")
    return csv_path


def results_path(csv_path: Path) -> Path:
    return csv_path.with_name(csv_path.stem + ".results.json")


def grade_submission(
    name: str, content: bytes, config: GradeConfig, threads: int | None = None
) -> NotebookGrade:
    """One Dask task: grade a notebook given as bytes (the worker may be on another machine)."""
    import tempfile

    limits, _ = _resolved(config.limits)
    with tempfile.TemporaryDirectory(prefix="realdata-submission-") as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(content)
        g = grade_notebook(
            path,
            timeout=config.timeout,
            hidden=config.hidden,
            limits=limits,
            notebook_timeout=config.notebook_timeout,
            grace=config.grace,
            threads=threads,
            setup_timeout=config.setup_timeout,
        )
    g.path = Path(name)
    return g


_RESOLVED: dict[sandbox.Limits, tuple[sandbox.Limits, str]] = {}


def _resolved(limits: sandbox.Limits) -> tuple[sandbox.Limits, str]:
    """``sandbox.resolve`` once per process (it starts a Python as the unprivileged user to find out)."""
    if limits not in _RESOLVED:
        _RESOLVED[limits] = sandbox.resolve(limits)
    return _RESOLVED[limits]


def grade_folder(
    folder: Path,
    csv_path: Path,
    *,
    config: GradeConfig | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    only: str | None = None,
    lesson: str | None = None,
    feedback: Path | None = None,
    progress: bool = False,
    on_notebook: Callable[[NotebookGrade], None] | None = None,
    on_start: Callable[[Batch], None] | None = None,
) -> Batch:
    """Grade every notebook under ``folder`` (hidden checks on) and write the CSV.

    Args:
        config: how each notebook is graded (time limits, sandbox limits).
        workers: worker processes of the local Dask cluster (None: one per core).
        scheduler: address of an existing Dask scheduler; ``workers`` is then ignored.
        resume: reuse the results file's rows for notebooks whose content has not changed.
        only: regrade this one submission (its name as in the CSV); the other rows come from the results file.
        lesson: the assignment (slug or number); None takes the lesson most notebooks hold.
        feedback: write one Markdown report per submission into this folder.
        progress: show a progress bar with an ETA on stderr.
        on_notebook: called with each grade as it comes in.
        on_start: called once, after the checks and before the first notebook runs.
    """
    config = config or GradeConfig()
    csv_path = check_csv_path(csv_path)
    if feedback is not None:
        if Path(feedback).is_file():
            raise RealdataError(f"--feedback {feedback} is a file; name a folder for the reports")
        check_writable(Path(feedback), what="feedback")
    subs, notes = find_submissions(folder)
    names = [s.name for s in subs]
    if only is not None and only not in names:
        close = [n for n in names if Path(n).name == Path(only).name]
        hint = f"; did you mean {close[0]}?" if close else f"; the submissions are {', '.join(names[:5])}..."
        raise RealdataError(f"--only {only}: no such submission in {folder}{hint}")
    slug, columns = assignment(subs, lesson)
    for s in subs:
        if not s.error and s.lesson != slug:
            s.error = f"this is a notebook for {s.lesson} (exercises {', '.join(s.ids)}), not for the assignment, {slug}"

    cache_file = results_path(csv_path)
    cache = _read_cache(cache_file, config) if (resume or only is not None) else {}
    if only is not None and not cache:
        raise RealdataError(
            f"--only {only}: there are no earlier results made with these settings in {cache_file}; grade the "
            "whole folder first (with the same --timeout, --notebook-timeout and --memory-mb)"
        )
    done: dict[str, NotebookGrade] = {}
    todo: list[Submission] = []
    for s in subs:
        if s.error:
            done[s.name] = NotebookGrade(Path(s.name), error=s.error)
        elif only is not None and s.name != only:
            kept = _from_cache(cache, s)
            if kept is not None:
                done[s.name] = kept
            else:
                notes.append(f"{s.name}: no earlier result to keep (grade without --only first); left out")
        elif resume and (kept := _from_cache(cache, s)) is not None:
            done[s.name] = kept
        else:
            todo.append(s)
    reused = len(done) - sum(bool(s.error) for s in subs)
    if reused:
        notes.append(f"kept the earlier results of {reused} unchanged notebooks")

    batch = Batch(slug, columns, [], notes)

    def finish(sub: Submission, g: NotebookGrade) -> None:
        done[sub.name] = g
        if not g.error:
            cache[sub.sha] = _to_dict(g)
            _write_cache(cache_file, config, cache)
        batch.grades = [done[n] for n in names if n in done]
        atomic_write_text(csv_path, grades_csv(batch.grades, columns))
        if feedback is not None:
            atomic_write_text(Path(feedback) / feedback_name(g), feedback_markdown(g, columns))
        if on_notebook is not None:
            on_notebook(g)

    batch.graded = len(todo)
    batch.grades = [done[n] for n in names if n in done]
    if not todo:  # otherwise the first graded notebook writes these rows too, once the cluster answers
        atomic_write_text(csv_path, grades_csv(batch.grades, columns))
    for s in subs:  # rows that need no grading: feedback and the caller's callback
        if s.name in done:
            if feedback is not None:
                atomic_write_text(
                    Path(feedback) / feedback_name(done[s.name]), feedback_markdown(done[s.name], columns)
                )
            if on_notebook is not None:
                on_notebook(done[s.name])
    if todo:
        _run_on_dask(todo, config, workers, scheduler, progress, finish, batch, on_start)
    elif on_start is not None:
        on_start(batch)
    return batch


def _run_on_dask(
    todo: list[Submission],
    config: GradeConfig,
    workers: int | None,
    scheduler: str | None,
    progress: bool,
    finish: Callable[[Submission, NotebookGrade], None],
    batch: Batch,
    on_start: Callable[[Batch], None] | None,
) -> None:
    from distributed import Client, LocalCluster, as_completed
    from tqdm import tqdm

    for name in ("distributed", "tornado", "bokeh"):  # worker restarts and shutdowns log at WARNING
        logging.getLogger(name).setLevel(logging.ERROR)
    cores = os.cpu_count() or 1
    cluster = None
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise RealdataError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one with `dask scheduler` "
                "and workers with `dask worker ADDRESS`, or leave --scheduler out to grade on this machine"
            ) from None
        threads = 1  # kernels on a shared worker machine: one thread each never makes them fight
    else:
        n = workers or cores
        # kernels that run as another user must not reach the (root) workers: the cluster then speaks TLS with
        # credentials made for this run only, which they cannot read
        switches_user = bool(_resolved(config.limits)[0].user)
        try:
            cluster = LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                security=True if switches_user else None,
                dashboard_address=None,
                memory_limit=0,  # the kernels, not the workers, use the memory: they have their own limit
                silence_logs=logging.ERROR,
            )
        except (OSError, RuntimeError) as exc:
            raise RealdataError(
                f"could not start {n} local Dask worker processes ({type(exc).__name__}: {exc}); "
                "try fewer with --workers, or grade on a running cluster with --scheduler"
            ) from None
        client = Client(cluster)
        threads = max(1, cores // n)
    try:
        if not client.scheduler_info().get("workers"):
            try:
                client.wait_for_workers(1, timeout=60)
            except TimeoutError:
                raise RealdataError(
                    f"the Dask scheduler at {scheduler} has no workers after 60 s; start some with "
                    f"`dask worker {scheduler}`"
                ) from None
        warnings = set(client.run(_user_warning, config.limits).values())
        batch.notes.extend(sorted(w for w in warnings if w))
        if on_start is not None:
            on_start(batch)
        run = uuid.uuid4().hex[:12]  # keys of this run only: a shared scheduler must not hand back another's
        futures = {
            client.submit(
                grade_submission, s.name, s.content, config, threads, key=f"grade-{run}-{i}", retries=1
            ): s
            for i, s in enumerate(todo)
        }
        with tqdm(
            total=len(todo), desc="grading", unit="notebook", disable=None if progress else True
        ) as bar:
            for future in as_completed(futures):
                sub = futures[future]
                try:
                    g = future.result()
                except Exception as exc:  # noqa: BLE001 - a task that failed even after its retries: a row
                    if type(exc).__name__ == "KilledWorker":
                        reason = (
                            "grading failed: the worker process running it died on every try (the notebook "
                            "may kill its own process or use up the machine's memory)"
                        )
                    else:
                        reason = f"grading failed: {type(exc).__name__}: {exc}"
                    g = NotebookGrade(Path(sub.name), error=reason)
                finish(sub, g)
                bar.update(1)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _user_warning(limits: sandbox.Limits) -> str:
    return _resolved(limits)[1]


# ---------------------------------------------------------------------------- results file


def _to_dict(g: NotebookGrade) -> dict:
    return {
        "error": g.error,
        "problems": g.problems,
        "grades": {i: asdict(x) for i, x in g.grades.items()},
    }


def _from_dict(d: dict, name: str) -> NotebookGrade:
    grades = {}
    for i, x in d["grades"].items():
        grades[str(i)] = ExerciseGrade(
            str(x["exercise_id"]),
            str(x["status"]),
            float(x["score"]),
            str(x["message"]),
            (int(x["public"][0]), int(x["public"][1])),
            (int(x["hidden"][0]), int(x["hidden"][1])) if x["hidden"] is not None else None,
        )
    return NotebookGrade(Path(name), grades, str(d["error"]), [str(p) for p in d["problems"]])


def _from_cache(cache: dict[str, dict], sub: Submission) -> NotebookGrade | None:
    """This notebook's earlier grade, or None (never graded, or an entry that does not read back)."""
    entry = cache.get(sub.sha)
    if entry is None:
        return None
    try:
        return _from_dict(entry, sub.name)
    except (KeyError, TypeError, ValueError, AttributeError):  # an edited or damaged results file
        return None


def _read_cache(path: Path, config: GradeConfig) -> dict[str, dict]:
    """Earlier results by content hash; nothing if the file is missing, unreadable or made differently."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    if (
        not isinstance(data, dict)
        or data.get("version") != CACHE_VERSION
        or data.get("config") != config.key()
    ):
        return {}
    results = data.get("results")
    return results if isinstance(results, dict) else {}


def _write_cache(path: Path, config: GradeConfig, results: dict[str, dict]) -> None:
    body = {"version": CACHE_VERSION, "config": config.key(), "results": results}
    atomic_write_text(path, json.dumps(body, indent=1, sort_keys=True))


# ---------------------------------------------------------------------------- CSV and feedback


def grades_csv(grades: list[NotebookGrade], columns: list[str]) -> str:
    """One row per submission: the assignment's exercises (fraction of checks passed), total, problems."""
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
        # the sandbox's memory limit at work: worth an instructor's eye even where the check just failed
        problems += [
            f"{i}: the code raised MemoryError (the kernel's memory limit)"
            for i, x in g.grades.items()
            if x.status not in {"error"} and "raised MemoryError" in x.message
        ]
        scores = [f"{g.grades[c].score:.2f}" if c in g.grades else "" for c in columns]
        writer.writerow([g.path.as_posix(), *scores, f"{g.total_of(columns):.2f}", "; ".join(problems)])
    return out.getvalue()


def feedback_name(g: NotebookGrade) -> str:
    """alice/exercises.ipynb -> alice__exercises.md: one flat folder, one file per submission."""
    return g.path.as_posix().removesuffix(".ipynb").replace("/", "__") + ".md"


def feedback_markdown(g: NotebookGrade, columns: list[str]) -> str:
    """A short report for the learner: what passed, what to look at, never the checks' code."""
    lines = [f"# Feedback: {g.path.as_posix()}", ""]
    if g.error:
        lines += [f"This notebook could not be graded: {g.error}.", ""]
        return "\n".join(lines)
    lines += [f"**Score: {g.total_of(columns):.2f} of {len(columns)}**", ""]
    for exercise_id in columns:
        x = g.grades.get(exercise_id)
        title = registry.EXERCISES[exercise_id].title
        if x is None:
            lines.append(f"- **{exercise_id} {title}**: not in this notebook")
            continue
        mark = {"passed": "passed", "failed": "not yet", "not started": "not started"}.get(x.status, x.status)
        counts = f" ({x.label()})" if x.public[1] else ""
        lines.append(f"- **{exercise_id} {title}**: {mark}{counts}")
        if x.message:
            lines.append(f"  - {x.message}")
    if g.problems:
        lines += ["", "Problems the grader noticed:", *[f"- {p}" for p in g.problems]]
    lines += ["", "Run `realdata exercises check` on your notebook to see the public checks in full.", ""]
    return "\n".join(lines)
