"""What a learner calls inside a notebook: ``check``, ``answer``, ``reveal``, ``hint``, ``solution``.

    from realdata.course import check, answer, reveal, hint, solution
    check("1.1")                      # grade exercise 1.1 against this notebook's objects
    answer("1.check1.a", 13)          # answer a predict-and-verify question, then see why
    hint("1.1")                       # a nudge; call again for more (three tiers)

The objects are looked up in the notebook's own namespace: in Jupyter that is
the ``__main__`` module, where every cell's definitions live. Pass
``namespace=`` to check something else (the tests do).

When an instructor grades (``realdata grade``) or the learner runs
``realdata exercises check``, the grade does not come from these calls: the
grader runs the checks again in a cell of its own after the notebook's last
cell (see ``harness``). ``REALDATA_HIDDEN=1`` adds the hidden checks here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

from realdata.course import registry
from realdata.course.answers import WANTS, Unreadable
from realdata.course.model import AnswerResult, CheckResult, run_tests
from realdata.course.progress import Progress
from realdata.errors import RealdataError


def _namespace(namespace: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return namespace if namespace is not None else vars(sys.modules["__main__"])


def _progress() -> Progress | None:
    if os.environ.get("REALDATA_NO_PROGRESS"):
        return None
    return Progress.load()


def check(exercise_id: str, namespace: Mapping[str, Any] | None = None) -> CheckResult:
    """Grade exercise ``exercise_id`` on the spot and save the result to your progress."""
    exercise = registry.exercise(exercise_id)
    hidden = os.environ.get("REALDATA_HIDDEN") == "1"
    result = run_tests(exercise, _namespace(namespace), hidden=hidden)
    if (progress := _progress()) is not None:
        progress.record_result(result)
    return result


def answer(question_id: str, given: Any) -> AnswerResult | _Text:
    """Answer a predict-and-verify question; the explanation comes with the verdict.

    Never raises: an unknown id or an answer of the wrong kind gets a sentence saying what to do.
    """
    try:
        result = judge(question_id, given)
    except RealdataError as err:
        return _Text(str(err))
    if not result.unreadable and (progress := _progress()) is not None:
        progress.record_answer(question_id, given=given, correct=result.correct)
    return result


def judge(question_id: str, given: Any) -> AnswerResult:
    """The verdict on an answer, recorded nowhere: what ``answer()`` and the course site both show.

    Raises:
        RealdataError: no question ``question_id``.
    """
    question = registry.question(question_id)
    if given is ... or (isinstance(given, str) and given.strip() in {"", "..."}):
        return AnswerResult(
            question, given, None, unreadable="replace the ... with your prediction, then run the cell again"
        )
    try:
        correct = question.is_correct(given)
    except Unreadable:
        wants = WANTS.get(question.kind, "an answer")
        return AnswerResult(
            question, given, None, unreadable=f"I can't read {given!r} as an answer here: it wants {wants}."
        )
    return AnswerResult(question, given, correct)


class _Text(str):
    """A string that shows as itself (not its repr) at the end of a notebook cell."""

    def __repr__(self) -> str:
        return str(self)


def reveal(question_id: str) -> _Text:
    """Show a question's answer and explanation without answering it."""
    q = registry.question(question_id)
    shown = "" if q.answer is None else f"Answer: {q.answer!r}. "
    return _Text(f"{q.id}: {shown}{q.explanation}")


def hint(exercise_id: str | None = None) -> _Text:
    """The next hint for an exercise: a nudge, then more, then a guide to the last step.

    With no id: the exercise you checked last.
    """
    progress = _progress()
    if exercise_id is None:
        exercise_id = progress.last_checked if progress is not None else ""
        if not exercise_id:
            return _Text('No exercise checked yet: say which one, for example hint("1.1").')
    try:
        exercise = registry.exercise(exercise_id)
    except RealdataError as err:
        return _Text(str(err))
    tier = progress.take_hint(exercise_id) if progress is not None else 1
    more = (
        f' Call hint("{exercise_id}") again for more.'
        if tier < 3
        else " That is the last hint; solution() shows a full answer."
    )
    return _Text(f"Hint {tier} of 3 for {exercise_id}: {exercise.hints[tier - 1]}{more}")


def solution(exercise_id: str) -> _Text:
    """The reference solution (we note that you looked; it is no secret, just try first)."""
    exercise = registry.exercise(exercise_id)
    if (progress := _progress()) is not None:
        progress.record_solution_viewed(exercise_id)
    return _Text(f"# A reference solution for {exercise_id} ({exercise.title})\n{exercise.solution}")
