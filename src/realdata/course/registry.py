"""Every lesson, exercise and question of the course, by id."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

from realdata.course.model import Exercise, Question


@dataclass(frozen=True)
class Lesson:
    """A built lesson: its notebooks (jupytext sources in ``course/lessons``)."""

    slug: str
    number: int
    title: str
    lesson_source: str
    exercises_source: str

    @property
    def lesson_notebook(self) -> str:
        return self.lesson_source.replace(".py", ".ipynb")

    @property
    def exercises_notebook(self) -> str:
        return self.exercises_source.replace(".py", ".ipynb")


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "datasets-and-dataloaders",
        1,
        "Datasets and DataLoaders",
        "01-datasets-and-dataloaders.py",
        "01-datasets-and-dataloaders-exercises.py",
    ),
    Lesson("mnist-project", 2, "The MNIST project", "02-mnist-project.py", "02-mnist-project-exercises.py"),
    Lesson(
        "debugging-and-visualization",
        3,
        "Debugging and visualization",
        "03-debugging-and-visualization.py",
        "03-debugging-and-visualization-exercises.py",
    ),
)


def _load(name: str) -> list[dict]:
    with resources.files("realdata.course").joinpath(name).open("rb") as f:
        return tomllib.load(f)[name.removesuffix("s.toml")]


def _exercise(d: dict) -> Exercise:
    return Exercise(**{**d, "concepts": tuple(d["concepts"]), "hints": tuple(d["hints"])})


def _question(d: dict) -> Question:
    choices = {k: tuple(v) for k, v in d["choices"].items()} if "choices" in d else None
    return Question(**{**d, "concepts": tuple(d["concepts"]), "choices": choices})


EXERCISES: dict[str, Exercise] = {d["id"]: _exercise(d) for d in _load("exercises.toml")}
QUESTIONS: dict[str, Question] = {d["id"]: _question(d) for d in _load("questions.toml")}


def lesson(key: str | int) -> Lesson:
    """Find a lesson by slug, number ("1" or 1) or title prefix."""
    text = str(key).strip()
    for les in LESSONS:
        if text and (text in (les.slug, str(les.number)) or les.title.lower().startswith(text.lower())):
            return les
    known = ", ".join(f"{les.number} ({les.slug})" for les in LESSONS)
    from realdata.errors import RealdataError

    raise RealdataError(f"no lesson {key!r}; the built lessons are {known}")


def exercise(exercise_id: str) -> Exercise:
    try:
        return EXERCISES[exercise_id]
    except KeyError:
        from realdata.errors import RealdataError

        raise RealdataError(
            f"no exercise {exercise_id!r}; `realdata exercises list` shows them ({', '.join(EXERCISES)})"
        ) from None


def question(question_id: str) -> Question:
    try:
        return QUESTIONS[question_id]
    except KeyError:
        from realdata.errors import RealdataError

        raise RealdataError(
            f"no question {question_id!r}; the questions are {', '.join(QUESTIONS)}"
        ) from None


def exercises_of(slug: str) -> list[Exercise]:
    return [e for e in EXERCISES.values() if e.lesson == slug]


def questions_of(slug: str) -> list[Question]:
    return [q for q in QUESTIONS.values() if q.lesson == slug]
