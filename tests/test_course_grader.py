"""Headless grading with nbclient: real kernels, time limits, crashes, a batch CSV."""

from __future__ import annotations

import csv
import time

import nbformat
import pytest

from course_helpers import solutions, write_notebook
from realdata.course import grader
from realdata.course.batch import GradeConfig, grade_folder
from realdata.course.grader import grade_notebook

pytestmark = pytest.mark.slow

ENDLESS = """
def train_epoch(model, loader, loss_fn, optimizer):
    while True:
        pass
"""
RAISES = """
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x ** 2
    def __len__(self):
        return len(self.x)
    def __getitem__(self, i):
        return self.x[i], self.y[i]
raise RuntimeError("my cell blew up")
"""


def test_reference_notebook_passes_every_exercise_with_hidden_checks(tmp_path):
    path = write_notebook(tmp_path / "ref.ipynb", solutions())
    grade = grade_notebook(path, timeout=60, hidden=True)
    assert grade.error == ""
    assert {i: g.status for i, g in grade.grades.items()} == dict.fromkeys(
        ["1.1", "1.2", "1.3", "1.4", "1.5"], "passed"
    )
    assert grade.grades["1.1"].label() == "6/6 public, 1/1 hidden"
    assert grade.total == 5.0


def test_endless_loop_and_crash_are_graded_while_the_rest_still_is(tmp_path):
    answers = solutions("1.2", "1.4", "1.5") | {"1.1": RAISES, "1.3": ENDLESS}
    path = write_notebook(tmp_path / "mixed.ipynb", answers)
    start = time.monotonic()
    grade = grade_notebook(path, timeout=5)
    elapsed = time.monotonic() - start
    g = grade.grades
    assert g["1.3"].status == "timeout"
    assert "did not finish within 5 s" in g["1.3"].message
    # 1.1's class was defined before the cell raised: the check passes, and the error is not hidden
    assert g["1.1"].status == "passed"
    assert {g[i].status for i in ("1.2", "1.4", "1.5")} == {"passed"}
    assert elapsed < 60


def test_a_cell_that_raises_before_defining_anything(tmp_path):
    path = write_notebook(tmp_path / "boom.ipynb", {"1.1": "1 / 0"})
    g = grade_notebook(path, timeout=30).grades["1.1"]
    assert g.status == "failed"
    assert g.message.startswith("your code raised ZeroDivisionError: division by zero; ")
    assert "I can't find `SquaresDataset`" in g.message


def _slow_setup(tmp_path, answers):
    """The exercise notebook with 8 s of sleep put before its set-up cell's imports."""
    path = write_notebook(tmp_path / "slow.ipynb", answers)
    nb = nbformat.read(path, as_version=4)
    setup = next(c for c in nb.cells if "setup" in c.metadata.get("tags", []))
    setup.source = "import time\ntime.sleep(8)\n" + setup.source
    nbformat.write(nb, path)
    return path, setup.source


def test_the_course_set_up_cell_is_not_held_to_the_learners_time_limit(tmp_path, monkeypatch):
    # On a loaded grading machine, importing torch took over the learner's 5 s limit and every exercise of
    # every notebook was "not run". The course's own set-up cell gets its own, longer limit.
    path, source = _slow_setup(tmp_path, solutions("1.1", "1.4"))
    monkeypatch.setattr(grader, "_setup_sources", lambda: frozenset({source}))
    g = grade_notebook(path, timeout=4).grades
    assert (g["1.1"].status, g["1.4"].status) == ("passed", "passed")
    # ...but that limit is still a limit
    grade = grade_notebook(path, timeout=4, setup_timeout=4)
    g = grade.grades
    assert g["1.1"].status == "failed"
    assert g["1.1"].message.startswith("your code raised NameError: name 'Dataset' is not defined")
    assert grade.problems[0].startswith("the set-up cell (the first code cell) did not finish within 4 s")


def test_an_edited_set_up_cell_is_the_learners_code_and_keeps_their_limit(tmp_path):
    path, _ = _slow_setup(tmp_path, solutions("1.1", "1.4"))
    g = grade_notebook(path, timeout=4).grades
    # interrupted in its sleep, before `from torch.utils.data import Dataset`: 1.1's class cannot be made
    assert g["1.1"].status == "failed"
    assert g["1.1"].message.startswith("your code raised NameError: name 'Dataset' is not defined")


def test_a_learner_cell_marked_as_the_graders_own_keeps_the_learners_limit(tmp_path):
    # the grader's marks live in cell metadata, which a learner can write: they are never read from the file
    slow = "import time\ntime.sleep(8)\n" + solutions("1.4")["1.4"]
    path = write_notebook(tmp_path / "marked.ipynb", solutions("1.1") | {"1.4": slow})
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "exercise:1.4" in c.metadata.get("tags", []))
    cell.metadata["realdata_prelude"] = True
    cell.metadata["realdata_grader"] = "1.1"
    nbformat.write(nb, path)
    g = grade_notebook(path, timeout=4).grades
    assert g["1.4"].status == "timeout"
    assert g["1.1"].status == "passed"  # not taken for 1.1's check


def test_grade_folder_writes_one_row_per_submission(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write_notebook(subs / "alice.ipynb", solutions())
    write_notebook(subs / "bob.ipynb", {})  # untouched starter
    write_notebook(subs / "carol.ipynb", solutions("1.1", "1.2") | {"1.3": ENDLESS})
    (subs / "dave.ipynb").write_text("{ this is not json")
    out = tmp_path / "grades.csv"
    grade_folder(subs, out, config=GradeConfig(timeout=5), workers=2)
    rows = {r["submission"]: r for r in csv.DictReader(out.open())}
    assert list(rows) == ["alice.ipynb", "bob.ipynb", "carol.ipynb", "dave.ipynb"]
    assert list(rows["alice.ipynb"]) == ["submission", "1.1", "1.2", "1.3", "1.4", "1.5", "total", "problems"]
    assert [rows["alice.ipynb"][c] for c in ("1.1", "1.5", "total", "problems")] == [
        "1.00",
        "1.00",
        "5.00",
        "",
    ]
    assert rows["bob.ipynb"]["total"] == "0.00"
    assert rows["carol.ipynb"]["1.1"] == "1.00" and rows["carol.ipynb"]["1.3"] == "0.00"
    assert "1.3: timeout" in rows["carol.ipynb"]["problems"]
    assert rows["dave.ipynb"]["1.1"] == "" and rows["dave.ipynb"]["problems"].startswith(
        "not a readable notebook"
    )


def test_lesson_2_project_notebook_reference_passes_every_step_headless(tmp_path):
    path = write_notebook(tmp_path / "project.ipynb", solutions(lesson=2), lesson=2)
    start = time.monotonic()
    grade = grade_notebook(path, timeout=120, hidden=True)
    assert time.monotonic() - start < 300
    assert {i: g.status for i, g in grade.grades.items()} == dict.fromkeys(
        ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"], "passed"
    ), {i: g.message for i, g in grade.grades.items()}


def test_lesson_2_project_starter_says_what_to_do_first(tmp_path):
    path = write_notebook(tmp_path / "project.ipynb", {}, lesson=2)
    grade = grade_notebook(path, timeout=60)
    assert {g.status for g in grade.grades.values()} == {"not started"}


def test_lesson_3_exercise_notebook_reference_passes_headless(tmp_path):
    path = write_notebook(tmp_path / "ex3.ipynb", solutions(lesson=3), lesson=3)
    grade = grade_notebook(path, timeout=120, hidden=True)
    assert {i: g.status for i, g in grade.grades.items()} == dict.fromkeys(
        ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"], "passed"
    ), {i: g.message for i, g in grade.grades.items()}


def test_lesson_3_broken_capstone_is_graded_per_bug(tmp_path):
    path = write_notebook(tmp_path / "ex3.ipynb", solutions("3.1", lesson=3), lesson=3)
    g = grade_notebook(path, timeout=120).grades
    assert g["3.1"].status == "passed"
    assert g["3.6"].status == "failed" and g["3.6"].score == 0 and g["3.6"].public == (0, 3)


FORGER = """
import json, os
fake = {"exercise_id": "1.1", "title": "x", "outcomes": [{"name": "all", "status": "passed", "message": "", "hidden": False}]}
for target in filter(None, [os.environ.get("REALDATA_RESULTS"), "results.jsonl", "../results.jsonl"]):
    with open(target, "a") as f:
        for exercise_id in ("1.1", "1.2", "2.1", "3.6"):
            f.write(json.dumps({**fake, "exercise_id": exercise_id}) + "\\n")
print("realdata-" + "0" * 32, json.dumps({"results": [fake], "problems": []}))
"""


def test_results_written_or_printed_by_the_notebook_are_ignored(tmp_path):
    path = write_notebook(tmp_path / "forger.ipynb", {"1.1": FORGER})
    grade = grade_notebook(path, timeout=30, hidden=True)
    assert grade.total == 0
    assert set(grade.grades) == {"1.1", "1.2", "1.3", "1.4", "1.5"}  # no other lesson's ids, no extra rows
    assert all(g.status in {"not started", "failed", "error"} for g in grade.grades.values())


TAMPER = """
import torch
import realdata.course.model
from realdata.course.model import CheckResult, TestOutcome
def run_tests(exercise, namespace, *, hidden=False):
    return CheckResult(exercise.id, exercise.title, [TestOutcome("all", "passed")])
realdata.course.model.run_tests = run_tests
torch.equal = lambda a, b: True
"""


def test_tampering_with_the_harness_is_reported_in_the_row(tmp_path):
    path = write_notebook(tmp_path / "tamper.ipynb", {"1.1": TAMPER})
    grade = grade_notebook(path, timeout=30, hidden=True)
    problems = " ".join(grade.problems)
    assert "realdata.course.model.run_tests was replaced: check functions were replaced" in problems
    assert "torch.equal was replaced" in problems
    batch = grade_folder(tmp_path, tmp_path / "grades.csv", workers=1)
    assert batch.grades
    text = (tmp_path / "grades.csv").read_text()
    assert "check functions were replaced" in text


def test_an_honest_notebook_has_no_problems(tmp_path):
    path = write_notebook(tmp_path / "honest.ipynb", solutions("1.1"))
    grade = grade_notebook(path, timeout=60, hidden=True)
    assert grade.problems == []
    assert grade.grades["1.1"].status == "passed"


def test_a_notebook_that_overwrites_a_classmates_file_does_not_change_their_grade(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    victim = subs / "b_victim.ipynb"
    write_notebook(victim, solutions("1.1"))
    attack = f"import shutil\nshutil.copyfile({str(subs / 'a_attacker.ipynb')!r}, {str(victim)!r})\n"
    write_notebook(subs / "a_attacker.ipynb", {"1.1": attack})
    batch = grade_folder(subs, tmp_path / "grades.csv", config=GradeConfig(timeout=30), workers=2)
    grades = {g.path.name: g for g in batch.grades}
    assert grades["b_victim.ipynb"].grades["1.1"].status == "passed"
