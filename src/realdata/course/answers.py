"""Reading a predict-and-verify answer the way a person would write it.

``answer("1.check1.a", 13)``, ``answer("1.check1.a", "13")`` and ``answer("1.check1.a", " 13 ")`` are the
same answer; so are ``[8, 1]``, ``(8, 1)``, ``"8x1"`` and ``torch.Size([8, 1])``, and ``"No"``, ``"false"``
and ``False``. An answer of the wrong kind is not wrong, it is unreadable: the learner is told what kind
of answer the question wants, and nothing is recorded as a mistake. No torch import here: a tensor or a
``torch.Size`` is read through the plain Python protocols it supports.
"""

from __future__ import annotations

import math
import re
from typing import Any

YES = {"yes", "y", "true", "t", "same", "the same"}
NO = {"no", "n", "false", "f", "different", "not the same"}

WANTS = {
    "number": "a number, for example 42 or '42'",
    "yesno": "yes or no (or True / False)",
    "shape": "a shape, for example [4, 2], (4, 2), '4x2' or torch.Size([4, 2])",
    "choice": "one of the words the question offers",
}


class Unreadable(ValueError):
    """The answer is not of the kind the question asks for."""


def _number_text(text: str) -> float:
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    try:
        return float(cleaned)
    except ValueError:
        raise Unreadable(text) from None


def read_number(given: Any) -> float:
    if isinstance(given, bool):  # True is an int in Python, but not a number anyone means here
        raise Unreadable(given)
    if isinstance(given, int | float):
        return float(given)
    if isinstance(given, str):
        return _number_text(given)
    if hasattr(given, "item"):  # a one-element tensor or a numpy scalar
        try:
            return float(given.item())
        except (TypeError, ValueError, RuntimeError):
            pass
    raise Unreadable(given)


def read_yesno(given: Any) -> bool:
    if isinstance(given, bool):
        return given
    if isinstance(given, str):
        word = given.strip().strip(".!").lower()
        if word in YES:
            return True
        if word in NO:
            return False
    raise Unreadable(given)


_SIZE = re.compile(r"^\s*(?:torch\.)?size\s*\(\s*(.*?)\s*\)\s*$", re.IGNORECASE)


def read_shape(given: Any) -> tuple[int, ...]:
    if isinstance(given, str):
        text = given.strip()
        if m := _SIZE.match(text):  # "torch.Size([8, 1])"
            text = m.group(1)
        text = text.strip().strip("[]()").strip()
        parts = [p for p in re.split(r"\s*(?:,|x|×|\*)\s*|\s+", text, flags=re.IGNORECASE) if p]
        if not parts:
            raise Unreadable(given)
        try:
            return tuple(int(p) for p in parts)
        except ValueError:
            raise Unreadable(given) from None
    if isinstance(given, int) and not isinstance(given, bool):
        return (given,)
    try:
        dims = tuple(given)  # list, tuple, torch.Size
    except TypeError:
        raise Unreadable(given) from None
    out = []
    for d in dims:
        if isinstance(d, bool) or not isinstance(d, int | float | str):
            raise Unreadable(given)
        value = _number_text(d) if isinstance(d, str) else float(d)
        if not value.is_integer():
            raise Unreadable(given)
        out.append(int(value))
    return tuple(out)


def read_choice(given: Any, choices: dict[str, list[str]]) -> str:
    if isinstance(given, str):
        word = given.strip().strip(".!'\"").lower()
        for option, words in choices.items():
            if word == option or word in words:
                return option
    raise Unreadable(given)


def is_correct(kind: str, expected: Any, given: Any, choices: dict[str, list[str]] | None = None) -> bool:
    """Whether ``given`` is the expected answer; raises Unreadable if it is not of the question's kind."""
    if kind == "number":
        value = read_number(given)
        return math.isclose(value, float(expected), rel_tol=1e-9, abs_tol=1e-9)
    if kind == "yesno":
        return read_yesno(given) == bool(expected)
    if kind == "shape":
        return read_shape(given) == tuple(expected)
    if kind == "choice":
        return read_choice(given, choices or {}) == expected
    raise ValueError(f"unknown answer kind {kind!r}")
