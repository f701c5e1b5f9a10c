"""Plain-text views of the course: the exercise list, a learner's progress, a grade table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from realdata.course import registry
from realdata.course.curriculum import load_concepts
from realdata.course.progress import Progress

if TYPE_CHECKING:  # the grader pulls in Jupyter's client: listing and progress need none of it
    from realdata.course.grader import NotebookGrade


def exercises_list() -> str:
    """Every exercise with its lesson, level, title and the concepts it exercises."""
    lines = [f"{'id':<5} {'level':<12} {'title':<40} concepts"]
    for les in registry.LESSONS:
        lines.append(f"Lesson {les.number}: {les.title} ({les.exercises_notebook})")
        for e in registry.exercises_of(les.slug):
            lines.append(f"{e.id:<5} {e.level:<12} {e.title:<40} {', '.join(e.concepts)}")
    return "\n".join(lines)


def concept_states(progress: Progress) -> dict[str, str]:
    """Each concept's state from the exercises and questions that cover it.

    ``done`` when every exercise covering it passed and every question covering
    it was answered; ``started`` when any of them was attempted; else ``not started``;
    ``not built`` when its lesson has no exercises or questions yet.
    """
    states = {}
    for concept in load_concepts():
        items = [("e", e.id) for e in registry.EXERCISES.values() if concept.id in e.concepts]
        items += [("q", q.id) for q in registry.QUESTIONS.values() if concept.id in q.concepts]
        if not items:
            states[concept.id] = "not built"
            continue
        done = [
            progress.exercise_state(i) == "passed"
            if kind == "e"
            else progress.question_state(i) != "not answered"
            for kind, i in items
        ]
        touched = [
            progress.exercise_state(i) != "not started"
            if kind == "e"
            else progress.question_state(i) != "not answered"
            for kind, i in items
        ]
        states[concept.id] = "done" if all(done) else "started" if any(touched) else "not started"
    return states


def progress_report(workspace: Path) -> str:
    progress = Progress.load(workspace)
    lines = [f"Progress in {Path(workspace).resolve()}"]
    for les in registry.LESSONS:
        lines.append("")
        lines.append(f"Lesson {les.number}: {les.title}")
        exercises = registry.exercises_of(les.slug)
        passed = sum(progress.exercise_state(e.id) == "passed" for e in exercises)
        lines.append(f"  exercises: {passed} of {len(exercises)} passed")
        for e in exercises:
            entry = progress.exercises.get(e.id, {})
            extra = f", {entry.get('attempts', 0)} checks, {entry.get('hints', 0)} hints" if entry else ""
            lines.append(f"    {e.id:<5} {progress.exercise_state(e.id):<12} {e.title}{extra}")
        questions = registry.questions_of(les.slug)
        lines.append(
            f"  checks: {sum(progress.question_state(q.id) != 'not answered' for q in questions)} "
            f"of {len(questions)} answered"
        )
        for q in questions:
            lines.append(f"    {q.id:<12} {progress.question_state(q.id)}")
    lines.append("")
    lines.append("Concepts")
    states = concept_states(progress)
    for c in load_concepts():
        lines.append(f"  {states[c.id]:<12} {c.depth:<11} {c.concept} ({c.lesson})")
    return "\n".join(lines)


def next_hint(workspace: Path, exercise_id: str | None = None) -> str:
    """The next hint (a nudge, then more, then a guide to the last step) for an exercise, counted in progress.

    Without ``exercise_id``: the exercise checked last.
    """
    from realdata.errors import RealdataError

    progress = Progress.load(workspace)
    exercise_id = exercise_id or progress.last_checked
    if not exercise_id:
        raise RealdataError("no exercise checked yet: say which one, e.g. `realdata exercises hint 1.1`")
    exercise = registry.exercise(exercise_id)
    tier = progress.take_hint(exercise_id)
    return f"Hint {tier} of 3 for {exercise_id}: {exercise.hints[tier - 1]}"


def solution_text(workspace: Path, exercise_id: str) -> str:
    """The reference solution of an exercise; progress notes that it was seen."""
    exercise = registry.exercise(exercise_id)
    Progress.load(workspace).record_solution_viewed(exercise_id)
    return exercise.solution.rstrip()


def grade_table(grade: NotebookGrade) -> str:
    if grade.error:
        return f"{grade.path.name}: {grade.error}"
    lines = [f"{'exercise':<9} {'status':<12} {'checks':<20} message"]
    for g in grade.grades.values():
        lines.append(f"{g.exercise_id:<9} {g.status:<12} {g.label():<20} {g.message}")
    passed = sum(g.status == "passed" for g in grade.grades.values())
    n = len(grade.grades)
    lines.append(f"{passed}/{n} exercises passed ({passed / n:.0%})" if n else "0/0 exercises passed")
    return "\n".join(lines)
