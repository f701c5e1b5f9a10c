"""The learner's saved progress: one JSON file in the workspace, written atomically.

A corrupt file (hand-edited, half-written by another tool) is never fatal: it is
moved aside as ``progress.json.corrupt-<time>`` and progress starts afresh, with
a warning that says where the old file went.
"""

from __future__ import annotations

import json
import os
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from realdata._fs import atomic_write_json

FILE = Path(".realdata") / "progress.json"
VERSION = 1


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

    @classmethod
    def load(cls, workspace: Path | None = None) -> Progress:
        path = Path(workspace or workspace_dir()) / FILE
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("version") != VERSION:
                raise ValueError("unknown format")
            last = data.get("last_checked", "")
            return cls(
                path,
                dict(data.get("exercises", {})),
                dict(data.get("questions", {})),
                last if isinstance(last, str) else "",
            )
        except (ValueError, OSError) as exc:
            backup = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
            try:
                path.replace(backup)
                where = f"moved to {backup}"
            except OSError:
                where = "left in place"
            warnings.warn(
                f"progress file {path} was unreadable ({exc}); {where}; starting afresh", stacklevel=2
            )
            return cls(path)

    def save(self) -> None:
        atomic_write_json(
            self.path,
            {
                "version": VERSION,
                "exercises": self.exercises,
                "questions": self.questions,
                "last_checked": self.last_checked,
            },
        )

    # ------------------------------------------------------------------ updates

    def record_check(
        self, exercise_id: str, *, passed: bool, score: float, message: str = "", started: bool = True
    ) -> None:
        entry = self.exercises.setdefault(exercise_id, {"attempts": 0, "hints": 0})
        entry["attempts"] = entry.get("attempts", 0) + 1
        entry["started"] = bool(started or entry.get("started"))
        entry["passed"] = bool(passed or entry.get("passed"))  # a pass is never taken back
        entry["last_score"] = score
        entry["last_message"] = message
        entry["last_checked"] = _now()
        self.last_checked = exercise_id
        self.save()

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
        entry = self.exercises.setdefault(exercise_id, {"attempts": 0, "hints": 0})
        entry["hints"] = min(entry.get("hints", 0) + 1, 3)
        self.save()
        return entry["hints"]

    def record_solution_viewed(self, exercise_id: str) -> None:
        self.exercises.setdefault(exercise_id, {"attempts": 0, "hints": 0})["solution_viewed"] = True
        self.save()

    def record_answer(self, question_id: str, *, given: Any, correct: bool | None) -> None:
        entry = self.questions.setdefault(question_id, {})
        entry["answered"] = True
        entry["correct"] = correct
        entry["given"] = repr(given)[:200]
        entry["when"] = _now()
        self.save()

    def reset(self, exercise_id: str) -> None:
        self.exercises.pop(exercise_id, None)
        self.save()

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
