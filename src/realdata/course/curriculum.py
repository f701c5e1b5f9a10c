"""The seed's Concept Index as data: every concept, its depth and its lesson."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Concept:
    id: str
    concept: str
    depth: str  # INTRODUCED or DEVELOPED
    lesson: str
    notes: str


def load_concepts() -> list[Concept]:
    """Read ``curriculum.csv`` shipped with the package, in the seed's order."""
    text = resources.files("realdata.course").joinpath("curriculum.csv").read_text(encoding="utf-8")
    return [Concept(**row) for row in csv.DictReader(text.splitlines())]


def concepts_of(lesson: str) -> list[Concept]:
    return [c for c in load_concepts() if c.lesson == lesson]
