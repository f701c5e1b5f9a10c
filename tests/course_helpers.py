"""Helpers for the course tests: learners' namespaces and notebooks built from code strings."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import nbformat
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset
from torchvision import datasets, transforms

from realdata.course import registry
from realdata.course.model import run_tests
from realdata.course.workspace import build_notebook, exercise_cells
from realdata.data.mnist import default_root

EXERCISES_SOURCE = registry.lesson(1).exercises_source


def setup_namespace() -> dict:
    """What the exercise notebook's set-up cell defines."""
    return {
        "csv": csv,
        "math": math,
        "torch": torch,
        "nn": nn,
        "DataLoader": DataLoader,
        "Dataset": Dataset,
        "datasets": datasets,
        "transforms": transforms,
        "DATA_ROOT": default_root(),
    }


def namespace_with(code: str) -> dict:
    ns = setup_namespace()
    exec(code, ns)
    return ns


def grade(exercise_id: str, code: str, *, hidden: bool = True):
    return run_tests(registry.exercise(exercise_id), namespace_with(code), hidden=hidden)


def starter_code(exercise_id: str) -> str:
    nb = build_notebook(EXERCISES_SOURCE)
    return "\n".join(nb.cells[i].source for i in exercise_cells(nb, exercise_id))


def write_notebook(path: Path, answers: dict[str, str]) -> Path:
    """The exercise notebook with the given exercises' cells replaced by ``answers``."""
    nb = build_notebook(EXERCISES_SOURCE)
    for exercise_id, code in answers.items():
        cells = exercise_cells(nb, exercise_id)
        nb.cells[cells[0]].source = code
    nbformat.write(nb, path)
    return path


def solutions(*ids: str) -> dict[str, str]:
    return {i: registry.exercise(i).solution for i in ids or registry.EXERCISES}
