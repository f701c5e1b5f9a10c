"""Hints: three tiers, and the third guides to the last step without pasting the answer."""

from __future__ import annotations

import re

import pytest

from realdata.course import registry


def _code_lines(solution: str) -> list[str]:
    lines = []
    for line in solution.splitlines():
        code = re.sub(r"\s+", " ", line.split("#", 1)[0]).strip()
        if len(code) >= 18:
            lines.append(code)
    return lines


@pytest.mark.parametrize("exercise_id", list(registry.EXERCISES))
def test_third_hint_guides_without_pasting_the_solution(exercise_id):
    exercise = registry.exercise(exercise_id)
    assert len(exercise.hints) == 3 and all(h.strip() for h in exercise.hints)
    hint = re.sub(r"\s+", " ", exercise.hints[2])
    pasted = [line for line in _code_lines(exercise.solution) if line in hint]
    assert not pasted, f"hint 3 of {exercise_id} pastes the solution: {pasted}"
    # no statement of the reference solution either: `name = value` for a name the solution assigns
    assigned = set(re.findall(r"^\s*(\w+)\s*=", exercise.solution, re.M))
    assert not [name for name in assigned if re.search(rf"\b{name}\s*=\s*\S", hint)], exercise_id


def test_the_answers_of_the_fill_in_exercises_are_not_in_the_hints():
    for exercise_id, answers in {
        "3.1": ["[32, 64]", "109386", "109,386"],
        "3.2": ["= 3", "Linear(256, 64)"],
    }.items():
        for hint in registry.exercise(exercise_id).hints:
            assert not [a for a in answers if a in hint], (exercise_id, hint)
