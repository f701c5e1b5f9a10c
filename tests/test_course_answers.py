"""Predict-and-verify: every answer cell of the three lessons, with right and wrong answers in many notations."""

from __future__ import annotations

import re

import pytest

from realdata.course import registry
from realdata.course.answers import Unreadable, read_shape
from realdata.course.model import AnswerResult
from realdata.course.progress import Progress
from realdata.course.workspace import build_notebook

ANSWER_CELL = re.compile(r"""answer\(\s*["']([\w.]+)["']""")


def _cells():
    """(lesson number, question id) for every answer(...) call written in a lesson notebook."""
    found = []
    for lesson in registry.LESSONS:
        nb = build_notebook(lesson.lesson_source)
        for cell in nb.cells:
            for qid in ANSWER_CELL.findall(cell.source):
                found.append((lesson.number, qid))
    return sorted(set(found))


CELLS = _cells()


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("REALDATA_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("REALDATA_NO_PROGRESS", raising=False)
    return tmp_path


def _lesson_namespace(number: int) -> dict:
    """The names a learner has after running the lesson's first code cell (its imports)."""
    nb = build_notebook(registry.lesson(number).lesson_source)
    first = next(c for c in nb.cells if c.cell_type == "code")
    ns: dict = {}
    exec(first.source, ns)
    return ns


def _right_and_wrong(q):
    if q.kind == "number":
        n = q.answer
        return [n, str(n), f" {n} ", float(n), f"{n:,}"], [n + 1, str(n - 1), "0.5" if n != 0.5 else "2"]
    if q.kind == "yesno":
        if q.answer:
            return [True, "yes", "Yes", "TRUE", "true"], [False, "no", "False"]
        return [False, "no", "No", "FALSE", "false"], [True, "yes", "True"]
    if q.kind == "shape":
        dims = list(q.answer)
        text = ", ".join(map(str, dims))
        import torch

        right = [dims, tuple(dims), f"[{text}]", f"({text})", "x".join(map(str, dims)), torch.Size(dims)]
        right.append(f"torch.Size([{text}])")
        return right, [list(reversed(dims)), dims[:1], f"[{text}, 1]"]
    if q.kind == "choice":
        options = dict(q.choices)
        others = [o for o in options if o != q.answer]
        return [q.answer, q.answer.upper(), f" {q.answer.capitalize()} "], others
    return ["my own words"], []


def test_every_lesson_has_answer_cells():
    assert {n for n, _ in CELLS} == {1, 2, 3}
    assert {qid for _, qid in CELLS} <= set(registry.QUESTIONS)


@pytest.mark.parametrize(("lesson", "qid"), CELLS)
def test_answer_cell_right_and_wrong(lesson, qid, workspace):
    ns = _lesson_namespace(lesson)
    assert "answer" in ns, f"lesson {lesson}'s first cell does not import answer()"
    q = registry.question(qid)
    right, wrong = _right_and_wrong(q)
    for given in right:
        result = ns["answer"](qid, given)
        expected = None if q.free_text else True
        assert isinstance(result, AnswerResult) and result.correct is expected, (given, str(result))
        assert q.explanation in str(result)
    for given in wrong:
        result = ns["answer"](qid, given)
        assert result.correct is False, (given, str(result))
        assert str(result).startswith(f"{qid}: Not quite: you said")
    state = Progress.load(workspace).question_state(qid)
    assert state != "not answered"


@pytest.mark.parametrize(("lesson", "qid"), [c for c in CELLS if registry.question(c[1]).kind != "free"])
def test_unreadable_answers_say_what_is_wanted_and_reveal_nothing(lesson, qid, workspace):
    ns = _lesson_namespace(lesson)
    q = registry.question(qid)
    for given in ("thirteen" if q.kind != "choice" else "medium", {"a": 1}, None):
        result = ns["answer"](qid, given)
        assert result.unreadable.startswith("I can't read"), str(result)
        assert "it wants" in result.unreadable
        assert q.explanation not in str(result)
    assert Progress.load(workspace).question_state(qid) == "not answered"


def test_the_placeholder_asks_for_a_prediction(workspace):
    ns = _lesson_namespace(1)
    result = ns["answer"]("1.check1.a", ...)
    assert "replace the ..." in str(result)
    assert Progress.load(workspace).question_state("1.check1.a") == "not answered"


def test_unknown_question_is_a_sentence_not_a_traceback():
    ns = _lesson_namespace(1)
    assert "no question '1.check9'" in str(ns["answer"]("1.check9", 3))


@pytest.mark.parametrize(
    ("text", "dims"),
    [
        ("[8, 1]", (8, 1)),
        ("(8,1)", (8, 1)),
        ("8x1", (8, 1)),
        ("8 X 1", (8, 1)),
        ("8×1", (8, 1)),
        ("torch.Size([8, 1])", (8, 1)),
        ("Size([8, 1])", (8, 1)),
        ("[64, 1, 28, 28]", (64, 1, 28, 28)),
        ("32 128", (32, 128)),
        ([8.0, 1.0], (8, 1)),
    ],
)
def test_shape_notations(text, dims):
    assert read_shape(text) == dims


@pytest.mark.parametrize("text", ["", "[]", "[8, a]", "[8.5, 1]", [True, 1], "eight by one"])
def test_shapes_that_are_not_shapes(text):
    with pytest.raises(Unreadable):
        read_shape(text)
