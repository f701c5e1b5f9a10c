"""Cases written by others, from the issue alone: notebooks that forge, that harm, and honest ones.

They live in tests/grading_cases/ (one file per case: a header of expectations, then the cells). The
whole set is graded as one class, with an honest classmate (victim.ipynb, 1.1 solved), on a 2-worker
cluster: every expectation must hold for each row, and the classmate's row must stay intact whatever the
others did. Slow-marked; ``python benchmarks/grade.py --cases`` prints the score per kind.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from course_helpers import read_grading_cases, solutions, write_notebook
from realdata.course.batch import GradeConfig, grade_folder

pytestmark = pytest.mark.slow

CASES = read_grading_cases(Path(__file__).parent / "grading_cases")
CONFIG = GradeConfig(timeout=20, notebook_timeout=120)


def grade_cases(folder: Path, cases) -> tuple[dict[str, dict[str, str]], float]:  # noqa: ANN001
    folder.mkdir(parents=True, exist_ok=True)
    write_notebook(folder / "victim.ipynb", solutions("1.1"))
    for case in cases:
        write_notebook(folder / f"{case.name}.ipynb", case.cells)
    out = folder.parent / "grades.csv"
    start = time.monotonic()
    grade_folder(folder, out, config=CONFIG, workers=2)
    seconds = time.monotonic() - start
    return {r["submission"]: r for r in csv.DictReader(out.open())}, seconds


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return grade_cases(tmp_path_factory.mktemp("cases") / "class", CASES)


def test_there_are_cases_of_every_kind():
    kinds = [c.kind for c in CASES]
    assert all(kinds.count(k) >= 8 for k in ("forge", "harm", "honest")), kinds


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(graded, case):
    rows, _ = graded
    row = rows.get(f"{case.name}.ipynb")
    assert row is not None, f"no row for {case.name}: {sorted(rows)}"
    assert case.judge(row) == [], case.what


def test_the_honest_classmate_is_untouched_by_all_of_them(graded):
    rows, _ = graded
    victim = rows["victim.ipynb"]
    assert (victim["1.1"], victim["total"], victim["problems"]) == ("1.00", "1.00", "")
