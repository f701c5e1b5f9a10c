"""The in-notebook API: check, answer, reveal, hint, solution, and the saved progress."""

from __future__ import annotations

import json
import warnings

import pytest

from course_helpers import namespace_with
from realdata.course import answer, check, hint, registry, reveal, solution
from realdata.course.progress import Progress
from realdata.errors import RealdataError


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("REALDATA_WORKSPACE", str(tmp_path))
    monkeypatch.delenv("REALDATA_NO_PROGRESS", raising=False)
    monkeypatch.delenv("REALDATA_RESULTS", raising=False)
    monkeypatch.delenv("REALDATA_HIDDEN", raising=False)
    return tmp_path


def test_check_grades_and_records_progress(workspace):
    wrong = namespace_with("def iterations_per_epoch(n, b): return n // b")
    result = check("1.4", namespace=wrong)
    assert not result.passed
    assert str(result).splitlines()[-1].strip().startswith("0/3 passed (0%)")
    assert "; 1 hidden check runs when graded" in str(result)
    assert "public checks passed" not in str(result)
    assert 'hint("1.4")' in str(result)
    assert "<b>Exercise 1.4: Batch size experiments</b>" in result._repr_html_()

    right = namespace_with(registry.exercise("1.4").solution + "\nimport math")
    result = check("1.4", namespace=right)
    assert result.passed
    assert "Well done. One reference solution" in str(result)
    assert "3/3 passed (100%); public checks passed; 1 hidden check runs when graded" in str(result)
    assert "<details><summary>Compare with a reference solution" in result._repr_html_()

    saved = json.loads((workspace / ".realdata" / "progress.json").read_text())
    assert saved["exercises"]["1.4"]["attempts"] == 2
    assert saved["exercises"]["1.4"]["passed"] is True
    assert Progress.load(workspace).exercise_state("1.4") == "passed"


def test_check_does_not_reveal_hidden_checks_unless_grading(workspace, monkeypatch):
    ns = namespace_with(registry.exercise("1.1").solution)
    learner = check("1.1", namespace=ns)
    assert [o.name for o in learner.outcomes if o.hidden] == []
    monkeypatch.setenv("REALDATA_HIDDEN", "1")
    graded = check("1.1", namespace=ns)
    assert len(graded.hidden) == 1
    assert graded.summary_line() == "7/7 passed (100%), hidden checks 1/1 among them"
    assert "large sizes" not in str(graded)  # the hidden check's name is never shown


def test_check_in_a_notebook_writes_nothing_a_grader_reads(workspace, monkeypatch, tmp_path):
    """Grades come from the grader's own cells (course/harness.py); check() only shows and saves progress."""
    results = tmp_path / "results.jsonl"
    monkeypatch.setenv("REALDATA_RESULTS", str(results))
    result = check("1.4", namespace=namespace_with("def iterations_per_epoch(n, b): return n // b"))
    assert result.first_failure.message.startswith("iterations_per_epoch(100, 8) returned 12")
    assert not results.exists()


def test_hints_come_in_three_tiers_and_are_counted(workspace):
    tiers = [str(hint("1.3")) for _ in range(4)]
    assert tiers[0].startswith("Hint 1 of 3 for 1.3:") and 'Call hint("1.3") again' in tiers[0]
    assert tiers[1].startswith("Hint 2 of 3")
    assert tiers[2].startswith("Hint 3 of 3") and "last hint" in tiers[2]
    assert tiers[3] == tiers[2]
    assert Progress.load(workspace).exercises["1.3"]["hints"] == 3


def test_solution_is_shown_and_noted(workspace):
    text = str(solution("1.1"))
    assert "class SquaresDataset(Dataset):" in text
    assert Progress.load(workspace).exercises["1.1"]["solution_viewed"] is True


def test_answers_explain_and_are_recorded(workspace):
    right = answer("1.check1.a", 13)
    assert right.correct and str(right).startswith("1.check1.a: Correct.\nceil(100 / 8) = 13")
    wrong = answer("1.check1.b", 8)
    assert wrong.correct is False and "Not quite: you said 8." in str(wrong)
    assert answer("1.check1.c", "no").correct is True
    assert answer("1.check1.d", (8, 1)).correct and answer("1.check1.d", [8, 1]).correct
    assert answer("1.check1.d", (1, 8)).correct is False
    free = answer("1.check2", "use a Dataset and a DataLoader")
    assert free.correct is None and "Compare your answer" in str(free)
    progress = Progress.load(workspace)
    assert progress.question_state("1.check1.a") == "correct"
    assert progress.question_state("1.check1.b") == "answered, not correct"
    assert progress.question_state("1.check2") == "answered"


def test_reveal_shows_the_answer_without_recording(workspace):
    assert str(reveal("1.quick.b")).startswith("1.quick.b: Answer: 1. 1: MNIST is grayscale")
    assert Progress.load(workspace).question_state("1.quick.b") == "not answered"


def test_hint_without_an_id_follows_the_last_check(workspace):
    assert "No exercise checked yet" in str(hint())
    check("1.4", namespace=namespace_with("def iterations_per_epoch(n, b): return n // b"))
    assert str(hint()).startswith("Hint 1 of 3 for 1.4:")
    assert str(hint()).startswith("Hint 2 of 3 for 1.4:")
    assert Progress.load(workspace).exercises["1.4"]["attempts"] == 1


def test_unknown_ids_are_clear_errors():
    with pytest.raises(RealdataError, match=r"no exercise '9.9'; `realdata exercises list` shows them"):
        check("9.9", namespace={})
    assert "no question 'nope'" in str(
        answer("nope", 1)
    )  # said, not raised: answer() never shows a traceback


def test_a_corrupt_progress_file_is_backed_up_and_rebuilt(workspace):
    path = workspace / ".realdata" / "progress.json"
    path.parent.mkdir()
    path.write_text('{"version": 1, "exercises": {"1.1": ')  # cut off mid-write
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        hint("1.1")
    assert "is not valid progress" in str(caught[0].message) and "moved it to" in str(caught[0].message)
    backups = list(path.parent.glob("progress.json.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_text().startswith('{"version": 1')
    assert json.loads(path.read_text())["exercises"]["1.1"]["hints"] == 1


def test_untouched_starter_is_not_started_in_progress(workspace):
    from course_helpers import starter_code

    check("1.1", namespace=namespace_with(starter_code("1.1")))
    assert Progress.load(workspace).exercise_state("1.1") == "not started"


def test_the_grader_keeps_only_its_own_nonce_lines_and_valid_records():
    from realdata.course import harness

    nonce = harness.new_nonce()
    good = {
        "exercise_id": "1.1",
        "title": "t",
        "outcomes": [{"name": "a", "status": "passed", "message": "", "hidden": False}],
    }
    import json

    text = "\n".join(
        [
            "realdata-" + "0" * 32 + " " + json.dumps({"results": [good], "problems": []}),  # a guessed nonce
            f"{nonce} " + json.dumps({"results": [good], "problems": []}),
            f"{nonce} " + json.dumps({"results": [good], "problems": []}),  # a second record for 1.1
            f"{nonce} " + json.dumps({"results": [{**good, "exercise_id": "2.1"}], "problems": []}),
            f"{nonce} " + json.dumps({"results": [{**good, "outcomes": [{"name": "a", "status": "won"}]}]}),
            f"{nonce} not json",
        ]
    )
    records, problems, trusted = harness.read_results(text, nonce, ["1.1", "1.2"])
    assert list(records) == ["1.1"] and not trusted
    assert "1.1: more than one result" in problems
    assert "a result for '2.1', which this notebook does not hold" in problems
    assert "1.1: a malformed outcome" in problems
    assert "the grader's results were unreadable" in problems

    def line(exercise_id: str, tampered: object = False) -> str:
        body = {"results": [{**good, "exercise_id": exercise_id}], "problems": [], "tampered": tampered}
        return f"{nonce} " + json.dumps(body)

    guessed = (
        "realdata-" + "0" * 32 + " " + json.dumps({"results": [good], "problems": [], "tampered": False})
    )
    honest = "\n".join([guessed, line("1.1"), "learner output", line("1.2")])
    assert harness.read_results(honest, nonce, ["1.1", "1.2"])[2] is True
    assert (
        harness.read_results("\n".join([line("1.1", True), line("1.2")]), nonce, ["1.1", "1.2"])[2] is False
    )
    # a payload without the grader's "tampered" field was not printed by the grader's cell
    bare = f"{nonce} " + json.dumps({"results": [good], "problems": []})
    assert harness.read_results(bare, nonce, ["1.1"])[2] is False
