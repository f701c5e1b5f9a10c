"""The learner's saved progress: one JSON file in the workspace, written atomically, under a lock.

The file is checked against a schema when it is read. One that does not fit
(hand-edited, half-written by another tool, of another version) is never fatal: it
is moved aside as ``progress.json.corrupt-<time>`` and progress starts afresh, with
a warning that says where the old file went.

Every change is made to the file's latest contents while holding a lock
(``progress.json.lock``), so two processes saving at once (a notebook kernel and
``realdata exercises hint`` in a terminal) never lose each other's updates.
A workspace that cannot be written still works: the checks report their real
results, and one warning says that they are not being saved.
"""

from __future__ import annotations

import json
import math
import os
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from realdata._fs import atomic_write_json, remove_stale_temps

FILE = Path(".realdata") / "progress.json"
VERSION = 1
LOCK_TIMEOUT_S = 30.0


class ProgressNotSaved(UserWarning):
    """Progress could not be written (read-only workspace, a lock held too long); results still count."""


def _count(v: Any) -> bool:
    return type(v) is int and v >= 0


def _is(*kinds: type) -> Callable[[Any], bool]:
    return lambda v: type(v) in kinds


def _fraction(v: Any) -> bool:
    return type(v) in (int, float) and math.isfinite(v) and 0 <= v <= 1


# The fields realdata writes, and what each must hold. Fields it does not know are kept as they are.
EXERCISE_FIELDS: dict[str, Callable[[Any], bool]] = {
    "attempts": _count,
    "hints": _count,  # realdata counts to 3; a larger count (hand-edited) still reads as "all hints seen"
    "started": _is(bool),
    "passed": _is(bool),
    "solution_viewed": _is(bool),
    "last_score": _fraction,
    "last_message": _is(str),
    "last_checked": _is(str),
}
QUESTION_FIELDS: dict[str, Callable[[Any], bool]] = {
    "answered": _is(bool),
    "correct": _is(bool, type(None)),
    "given": _is(str),
    "when": _is(str),
}


class SchemaError(ValueError):
    """The progress file is JSON, but not progress."""


def validate(data: Any) -> dict[str, Any]:
    """Check parsed progress JSON against the schema; return it, or raise ``SchemaError`` saying where."""
    if not isinstance(data, dict):
        raise SchemaError(f"expected an object at the top, found {type(data).__name__}")
    if type(data.get("version")) is not int or data["version"] != VERSION:
        raise SchemaError(f"expected version {VERSION}, found {data.get('version')!r}")
    for section, schema in (("exercises", EXERCISE_FIELDS), ("questions", QUESTION_FIELDS)):
        entries = data.get(section, {})
        if not isinstance(entries, dict):
            raise SchemaError(f"{section} should be an object, found {type(entries).__name__}")
        for key, entry in entries.items():
            if not isinstance(entry, dict):
                raise SchemaError(f"{section}[{key!r}] should be an object, found {type(entry).__name__}")
            for name, ok in schema.items():
                if name in entry and not ok(entry[name]):
                    raise SchemaError(f"{section}[{key!r}].{name} cannot be {entry[name]!r}")
    if not isinstance(data.get("last_checked", ""), str):
        raise SchemaError(f"last_checked should be text, found {data['last_checked']!r}")
    return data


def save_problem(workspace: Path) -> str | None:
    """Why progress cannot be saved in ``workspace`` (one line to show first), or None."""
    return Progress(Path(workspace) / FILE).save_problem()


def workspace_dir() -> Path:
    """The learner's workspace: ``$REALDATA_WORKSPACE``, else the current folder."""
    return Path(os.environ.get("REALDATA_WORKSPACE") or Path.cwd())


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S")


@dataclass
class Progress:
    """Exercise results, hints taken and answers given, per id."""

    path: Path
    exercises: dict[str, dict[str, Any]] = field(default_factory=dict)
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)
    last_checked: str = ""  # the exercise checked most recently: hint() with no id means this one
    extra: dict[str, Any] = field(default_factory=dict)  # top-level fields of a newer realdata, kept

    @classmethod
    def load(cls, workspace: Path | None = None) -> Progress:
        path = Path(workspace or workspace_dir()) / FILE
        if not path.exists():
            return cls(path)
        try:
            # utf-8-sig: a file an editor saved with a byte-order mark is still the learner's progress
            data = validate(json.loads(path.read_text(encoding="utf-8-sig")))
        except (ValueError, RecursionError, OSError) as exc:  # JSON, schema, encoding, nesting, reading
            cls._set_aside(path, exc)
            return cls(path)
        known = {"version", "exercises", "questions", "last_checked"}
        return cls(
            path,
            dict(data.get("exercises", {})),
            dict(data.get("questions", {})),
            data.get("last_checked", ""),
            {k: v for k, v in data.items() if k not in known},
        )

    @staticmethod
    def _set_aside(path: Path, exc: BaseException) -> None:
        backup = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.replace(backup)
            where = f"moved it to {backup}"
        except OSError as err:
            where = f"could not move it aside ({err.strerror or err}), so it is ignored"
        reason = str(exc) if not isinstance(exc, RecursionError) else "nested too deeply"
        warnings.warn(
            f"progress file {path} is not valid progress ({reason[:200]}); {where}; starting afresh",
            stacklevel=3,
        )

    def save(self) -> None:
        """Write this object's progress as it is (``_change`` is how updates are saved)."""
        remove_stale_temps(self.path)
        atomic_write_json(
            self.path,
            self.extra
            | {
                "version": VERSION,
                "exercises": self.exercises,
                "questions": self.questions,
                "last_checked": self.last_checked,
            },
        )

    def _change(self, apply: Callable[[Progress], Any]) -> Any:
        """Apply one update to the file's latest contents, under the lock, and save it.

        Another process's updates since this object was loaded are kept: the file is read
        again inside the lock. If the workspace cannot be written, the update is made
        here only, and a ``ProgressNotSaved`` warning says so.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(self.path.with_name(self.path.name + ".lock"), timeout=LOCK_TIMEOUT_S):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # this object's own load already warned about the file
                    latest = Progress.load(self.path.parent.parent)
                result = apply(latest)
                latest.save()
            self.exercises, self.questions = latest.exercises, latest.questions
            self.last_checked, self.extra = latest.last_checked, latest.extra
            return result
        except (OSError, Timeout) as exc:
            reason = (
                "another process held its lock too long" if isinstance(exc, Timeout) else exc.strerror or exc
            )
            warnings.warn(
                f"cannot save progress in {self.path.parent} ({reason}); results are shown but not saved",
                ProgressNotSaved,
                stacklevel=3,
            )
            return apply(self)

    # ------------------------------------------------------------------ updates

    def record_check(
        self, exercise_id: str, *, passed: bool, score: float, message: str = "", started: bool = True
    ) -> None:
        def apply(p: Progress) -> None:
            entry = p.exercises.setdefault(exercise_id, {"attempts": 0, "hints": 0})
            entry["attempts"] = entry.get("attempts", 0) + 1
            entry["started"] = bool(started or entry.get("started"))
            entry["passed"] = bool(passed or entry.get("passed"))  # a pass is never taken back
            entry["last_score"] = score
            entry["last_message"] = message
            entry["last_checked"] = _now()
            p.last_checked = exercise_id

        self._change(apply)

    def record_result(self, result: Any) -> None:
        """Record a ``CheckResult`` (from a notebook's check() or the grader's own cell) as one attempt."""
        first = result.first_failure
        self.record_check(
            result.exercise_id,
            passed=result.passed,
            score=result.score,
            message=first.message if first else "",
            started=not result.not_started,
        )

    def take_hint(self, exercise_id: str) -> int:
        """Count one more hint; return which tier (1, 2, 3) to show."""

        def apply(p: Progress) -> int:
            entry = p.exercises.setdefault(exercise_id, {"attempts": 0, "hints": 0})
            entry["hints"] = min(entry.get("hints", 0) + 1, 3)
            return entry["hints"]

        return self._change(apply)

    def record_solution_viewed(self, exercise_id: str) -> None:
        def apply(p: Progress) -> None:
            p.exercises.setdefault(exercise_id, {"attempts": 0, "hints": 0})["solution_viewed"] = True

        self._change(apply)

    def record_answer(self, question_id: str, *, given: Any, correct: bool | None) -> None:
        def apply(p: Progress) -> None:
            entry = p.questions.setdefault(question_id, {})
            entry["answered"] = True
            entry["correct"] = correct
            entry["given"] = repr(given)[:200]
            entry["when"] = _now()

        self._change(apply)

    def reset(self, exercise_id: str) -> None:
        self._change(lambda p: p.exercises.pop(exercise_id, None))

    def save_problem(self) -> str | None:
        """Why this progress cannot be saved (a line to show before any work), or None if it can."""
        folder = self.path.parent
        probe = folder if folder.exists() else folder.parent
        if os.access(probe, os.W_OK) and (not self.path.exists() or os.access(self.path, os.W_OK)):
            return None
        return f"progress cannot be saved in {folder} (not writable): results are shown but not kept"

    # ------------------------------------------------------------------ queries

    def exercise_state(self, exercise_id: str) -> str:
        entry = self.exercises.get(exercise_id)
        if not entry or not entry.get("started"):
            return "not started"
        return "passed" if entry.get("passed") else "in progress"

    def question_state(self, question_id: str) -> str:
        entry = self.questions.get(question_id)
        if not entry:
            return "not answered"
        return {True: "correct", False: "answered, not correct", None: "answered"}[entry.get("correct")]
