"""The exercise system's data model: exercises, their tests, questions, and results.

An ``Exercise`` is graded by running its ``Test``s in order against the
learner's live objects (a namespace, e.g. the notebook's globals). A test
raises ``CheckFailed`` with a message written for the learner; the first
failure stops the run, so the learner gets one thing to fix at a time.
Some tests are ``hidden``: they run only when an instructor grades, and the
learner is told they exist, never what they check.
"""

from __future__ import annotations

import html
import importlib
import traceback
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from realdata.course import answers

Namespace = Mapping[str, Any]


class CheckFailed(AssertionError):
    """A test's verdict: what is wrong, in words a learner can act on."""


class NotStarted(Exception):
    """The learner's code still raises the starter's NotImplementedError."""


@dataclass(frozen=True)
class Test:
    """One behaviour an exercise must show. ``run(ns)`` raises CheckFailed if it does not."""

    name: str
    run: Callable[[Namespace], None]
    hidden: bool = False


@dataclass(frozen=True)
class Exercise:
    """One exercise of an exercise notebook: what the learner sees, from ``exercises.toml``.

    Its checks live in ``realdata.course.checks.ex_<id>`` and are imported only when the exercise is
    checked, so listing exercises, hints and progress never import torch.
    """

    id: str
    lesson: str
    title: str
    level: str  # "guided", "supported" or "independent"
    concepts: tuple[str, ...]
    first_step: str  # what to do first, said when the starter is untouched
    hints: tuple[str, str, str]  # a nudge, then more, then a guide to the last step (never the code)
    solution: str  # the reference solution, as code
    graded_per_test: bool = False  # run every test even after a failure (e.g. one test per bug)

    @property
    def checks_module(self) -> str:
        return "realdata.course.checks.ex_" + self.id.replace(".", "_")

    @property
    def tests(self) -> tuple[Test, ...]:
        return tuple(importlib.import_module(self.checks_module).TESTS)

    @property
    def public_tests(self) -> tuple[Test, ...]:
        return tuple(t for t in self.tests if not t.hidden)

    @property
    def hidden_tests(self) -> tuple[Test, ...]:
        return tuple(t for t in self.tests if t.hidden)


@dataclass(frozen=True)
class Question:
    """A predict-and-verify question from a lesson: answer it, then see why."""

    id: str
    lesson: str
    prompt: str
    kind: str  # number, yesno, shape, choice or free (see questions.toml)
    explanation: str
    concepts: tuple[str, ...]
    answer: Any = None  # the expected answer; None for a free-text question
    choices: Mapping[str, tuple[str, ...]] | None = None  # for kind "choice": option -> words meaning it

    @property
    def free_text(self) -> bool:
        return self.kind == "free"

    def is_correct(self, given: Any) -> bool | None:
        """True/False, or None for free-text questions (compared by the learner, not us).

        Raises ``answers.Unreadable`` when ``given`` is not of the question's kind (a word for a number).
        """
        if self.free_text:
            return None
        choices = {k: list(v) for k, v in (self.choices or {}).items()}
        return answers.is_correct(self.kind, self.answer, given, choices)


# --------------------------------------------------------------------------- results


@dataclass
class TestOutcome:
    name: str
    status: str  # "passed", "failed", "skipped"
    message: str = ""
    hidden: bool = False


@dataclass
class CheckResult:
    """The verdict on one exercise, shown in the notebook and saved in progress."""

    exercise_id: str
    title: str
    outcomes: list[TestOutcome] = field(default_factory=list)
    not_started: str = ""  # set when the starter code is untouched
    hidden_exist: bool = False  # the exercise has hidden checks (run or not)
    hidden_count: int = 0  # how many
    hidden_run: bool = False
    solution: str = ""  # shown after a pass

    @property
    def public(self) -> list[TestOutcome]:
        return [o for o in self.outcomes if not o.hidden]

    @property
    def hidden(self) -> list[TestOutcome]:
        return [o for o in self.outcomes if o.hidden]

    @property
    def passed(self) -> bool:
        return bool(self.outcomes) and all(o.status == "passed" for o in self.outcomes)

    @property
    def score(self) -> float:
        """Fraction of the checks that ran (public, plus hidden when graded) that passed."""
        counted = self.outcomes
        return sum(o.status == "passed" for o in counted) / len(counted) if counted else 0.0

    @property
    def first_failure(self) -> TestOutcome | None:
        return next((o for o in self.public if o.status == "failed"), None)

    def summary_line(self) -> str:
        """'7/17 passed (41%)': the checks that ran (public, plus hidden when graded); skipped ones count."""
        counted = self.outcomes
        ok = sum(o.status == "passed" for o in counted)
        line = f"{ok}/{len(counted)} passed ({ok / len(counted):.0%})" if counted else "0/0 passed"
        if self.hidden_run:
            ok_hid = sum(o.status == "passed" for o in self.hidden)
            line += f", hidden checks {ok_hid}/{len(self.hidden)} among them"
        elif self.hidden_exist:
            n = self.hidden_count or "more"
            checks = "check runs" if n == 1 else "checks run"
            public_ok = bool(self.public) and all(o.status == "passed" for o in self.public)
            line += f"; {'public checks passed; ' if public_ok else ''}{n} hidden {checks} when graded"
        return line

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("solution")
        d["passed"] = self.passed
        d["score"] = self.score
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CheckResult:
        outcomes = [TestOutcome(**o) for o in d.get("outcomes", [])]
        keep = {
            k: d[k]
            for k in ("exercise_id", "title", "not_started", "hidden_exist", "hidden_count", "hidden_run")
            if k in d
        }
        return cls(outcomes=outcomes, **keep)

    def __str__(self) -> str:
        mark = "PASSED" if self.passed else "NOT YET"
        lines = [f"Exercise {self.exercise_id} ({self.title}): {mark}"]
        if self.not_started:
            lines.append(f"  Not started yet. {self.not_started}")
        for o in self.public:
            if o.status == "passed":
                lines.append(f"  ok    {o.name}")
            elif o.status == "failed":
                lines.append(f"  FAIL  {o.name}: {o.message}")
        skipped = sum(o.status == "skipped" for o in self.public)
        if skipped:
            lines.append(f"  ({skipped} more public check(s) run once this one passes)")
        if self.passed and self.solution:
            lines.append("  Well done. One reference solution, to compare with yours:")
            lines += ["    " + s for s in self.solution.strip().splitlines()]
        elif not self.passed:
            lines.append(f'  Stuck? hint("{self.exercise_id}") gives a nudge; call it again for more.')
        lines.append(f"  {self.summary_line()}")  # always the last line
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        color = "#1a7f37" if self.passed else "#b35900"
        mark = "Passed" if self.passed else "Not yet"
        rows = []
        if self.not_started:
            rows.append(f"<li>Not started yet. {html.escape(self.not_started)}</li>")
        for o in self.public:
            if o.status == "passed":
                rows.append(f"<li>&#10003; {html.escape(o.name)}</li>")
            elif o.status == "failed":
                rows.append(f"<li>&#10007; <b>{html.escape(o.name)}</b>: {html.escape(o.message)}</li>")
        skipped = sum(o.status == "skipped" for o in self.public)
        if skipped:
            rows.append(f"<li><i>{skipped} more public check(s) run once this one passes</i></li>")
        body = f"<ul>{''.join(rows)}</ul>"
        if self.passed and self.solution:
            body += (
                "<details><summary>Compare with a reference solution</summary>"
                f"<pre>{html.escape(self.solution.strip())}</pre></details>"
            )
        elif not self.passed:
            body += f'<p><i>Stuck? <code>hint("{self.exercise_id}")</code> gives a nudge; call it again for more.</i></p>'
        body += f"<p><b>{html.escape(self.summary_line())}</b></p>"
        return (
            f'<div style="border-left:4px solid {color};padding:4px 12px">'
            f"<b>Exercise {html.escape(self.exercise_id)}: {html.escape(self.title)}</b> "
            f'<span style="color:{color}">{mark}</span>{body}</div>'
        )


def run_tests(exercise: Exercise, namespace: Namespace, *, hidden: bool = False) -> CheckResult:
    """Grade ``exercise`` against ``namespace``: tests in order, stop at the first failure.

    A NotImplementedError from the learner's code means "not started"; any
    other exception from their code is reported as a failure of that test,
    with the exception's type and message (never a crash of the checker).
    """
    result = CheckResult(
        exercise.id,
        exercise.title,
        hidden_exist=bool(exercise.hidden_tests),
        hidden_count=len(exercise.hidden_tests),
        hidden_run=hidden and bool(exercise.hidden_tests),
        solution=exercise.solution,
    )
    tests = exercise.tests if hidden else exercise.public_tests
    stopped = False
    for test in tests:
        if stopped:
            result.outcomes.append(TestOutcome(test.name, "skipped", hidden=test.hidden))
            continue
        try:
            test.run(namespace)
        except CheckFailed as exc:
            result.outcomes.append(TestOutcome(test.name, "failed", str(exc), test.hidden))
        except (NotImplementedError, NotStarted):
            result.not_started = exercise.first_step
            result.outcomes.append(TestOutcome(test.name, "failed", "not started yet", test.hidden))
        except Exception as exc:  # the learner's code crashed inside a check
            where = _learner_frame(exc)
            result.outcomes.append(
                TestOutcome(
                    test.name, "failed", f"your code raised {type(exc).__name__}: {exc}{where}", test.hidden
                )
            )
        else:
            result.outcomes.append(TestOutcome(test.name, "passed", hidden=test.hidden))
            continue
        stopped = not exercise.graded_per_test
    return result


def _learner_frame(exc: BaseException) -> str:
    """' (in __getitem__, line 7)' for the innermost frame outside realdata, if any."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "realdata" not in f.filename]
    if not frames:
        return ""
    f = frames[-1]
    return f" (in {f.name}, line {f.lineno})"


@dataclass
class AnswerResult:
    """The verdict on a predict-and-verify answer, with the explanation."""

    question: Question
    given: Any
    correct: bool | None
    unreadable: str = ""  # set when the answer is not of the question's kind: nothing is revealed or recorded

    @property
    def head(self) -> str:
        if self.unreadable:
            return self.unreadable
        if self.correct is None:
            return "Recorded. Compare your answer with this one:"
        if self.correct:
            return "Correct."
        return f"Not quite: you said {self.given!r}."

    def __str__(self) -> str:
        if self.unreadable:
            return f"{self.question.id}: {self.head}"
        return f"{self.question.id}: {self.head}\n{self.question.explanation}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        color = {True: "#1a7f37", False: "#b35900", None: "#555"}[self.correct]
        body = "" if self.unreadable else f"<p>{html.escape(self.question.explanation)}</p>"
        return (
            f'<div style="border-left:4px solid {color};padding:4px 12px">'
            f"<b>{html.escape(self.question.id)}: {html.escape(self.head)}</b>{body}</div>"
        )
