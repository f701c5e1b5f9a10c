"""The course commands: init, open, progress, exercises list/check/hint/solution/reset, grade."""

from __future__ import annotations

import csv

import nbformat
import pytest
from click.testing import CliRunner

from course_helpers import solutions, write_notebook
from realdata.cli import cli
from realdata.course.progress import Progress
from realdata.course.workspace import exercise_cells

NB = "01-datasets-and-dataloaders-exercises.ipynb"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def ws(tmp_path, monkeypatch):
    monkeypatch.delenv("REALDATA_NO_PROGRESS", raising=False)
    monkeypatch.delenv("REALDATA_WORKSPACE", raising=False)
    result = invoke("init", tmp_path / "ws")
    assert result.exit_code == 0, result.output
    return tmp_path / "ws"


def test_init_writes_notebooks_and_never_overwrites_work(ws):
    assert (ws / NB).exists() and (ws / "01-datasets-and-dataloaders.ipynb").exists()
    (ws / NB).write_text((ws / NB).read_text().replace("raise NotImplementedError", "pass  # mine"))
    result = invoke("init", ws)
    assert f"{NB}: kept (already there)" in result.output
    assert "pass  # mine" in (ws / NB).read_text()


def test_exercises_list_names_every_exercise():
    result = invoke("exercises", "list")
    assert result.exit_code == 0
    for line in ("1.1   guided       A custom Dataset", "1.5   independent  A CSV Dataset"):
        assert line in result.output


@pytest.mark.slow
def test_check_by_id_grades_the_workspace_notebook_and_records_progress(ws):
    result = invoke("exercises", "check", "1.1", "--workspace", ws, "--timeout", "30")
    assert result.exit_code == 1
    assert "1.1       not started  0/6 public" in result.output
    assert result.output.strip().splitlines()[-1] == "0/1 exercises passed (0%)"  # 1.1 alone
    recorded = Progress.load(ws).exercises
    assert list(recorded) == ["1.1"] and recorded["1.1"]["attempts"] == 1

    write_notebook(ws / NB, solutions("1.1", "1.4"))
    result = invoke("exercises", "check", "1.4", "--workspace", ws, "--timeout", "30")
    assert result.exit_code == 0 and "1.4       passed" in result.output
    assert sorted(Progress.load(ws).exercises) == ["1.1", "1.4"]
    assert invoke("exercises", "hint", "--workspace", ws).output.startswith("Hint 1 of 3 for 1.4:")

    result = invoke("exercises", "check", ws / NB, "--timeout", "30")
    assert result.exit_code == 1
    assert "1.1       passed       6/6 public" in result.output
    assert result.output.strip().splitlines()[-1] == "2/5 exercises passed (40%)"

    result = invoke("progress", "--workspace", ws)
    assert "exercises: 2 of 5 passed" in result.output
    assert "1.1   passed" in result.output and "1.2   not started" in result.output
    assert "started      DEVELOPED   torch.utils.data.DataLoader (datasets-and-dataloaders)" in result.output
    assert "not started  INTRODUCED  Softmax function (mnist-project)" in result.output


def test_hint_solution_reset(ws):
    assert invoke("exercises", "hint", "1.2", "--workspace", ws).output.startswith("Hint 1 of 3 for 1.2:")
    assert invoke("exercises", "hint", "1.2", "--workspace", ws).output.startswith("Hint 2 of 3 for 1.2:")
    assert "class CSVDataset(Dataset):" in invoke("exercises", "solution", "1.5", "--workspace", ws).output

    write_notebook(ws / NB, {"1.3": "def train_epoch(*a):\n    return 42  # my attempt"})
    result = invoke("exercises", "reset", "1.3", "--workspace", ws)
    assert result.exit_code == 0 and "reset 1.3 in" in result.output
    nb = nbformat.read(ws / NB, as_version=4)
    assert "NotImplementedError" in nb.cells[exercise_cells(nb, "1.3")[0]].source
    backup = next(ws.glob("*.backup-*.ipynb"))
    assert "my attempt" in backup.read_text()


def test_errors_are_one_clear_line(ws, tmp_path):
    assert invoke("exercises", "hint", "7.7", "--workspace", ws).output.startswith("error: no exercise '7.7'")
    result = invoke("exercises", "check", "1.1", "--workspace", tmp_path / "empty")
    assert (
        result.exit_code == 2
        and f"{tmp_path / 'empty'} does not exist: make a workspace with `realdata init" in result.output
    )
    (tmp_path / "none").mkdir()
    result = invoke("grade", tmp_path / "none", "--csv", tmp_path / "g.csv")
    assert result.exit_code == 1
    assert (
        result.output
        == f"error: no .ipynb notebooks in {tmp_path / 'none'}; point realdata grade at the submissions\n"
    )
    assert not (tmp_path / "g.csv").exists()


def test_open_without_jupyterlab_says_how_to_get_it(ws, monkeypatch):
    from realdata.course import lab

    monkeypatch.setattr(lab.importlib_util, "find_spec", lambda name: None)
    result = invoke("open", "1", "--workspace", ws)
    assert result.exit_code == 1
    assert f"JupyterLab is not installed: `{lab.install_hint()}`" in result.output
    assert "realdata[lab]'" not in result.output or lab.source_checkout() is not None  # never PyPI's realdata


@pytest.mark.slow
def test_grade_command_writes_the_csv(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write_notebook(subs / "a.ipynb", solutions())
    (subs / "b.ipynb").write_text("not a notebook")
    result = invoke("grade", subs, "--csv", tmp_path / "out.csv", "--timeout", "30")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "out.csv").open()))
    assert [r["total"] for r in rows] == ["5.00", "0.00"]
    assert "b.ipynb: not a readable notebook" in result.output


def test_grade_refuses_a_csv_it_cannot_write_before_grading_anything(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write_notebook(subs / "a.ipynb", solutions("1.1"))
    folder = tmp_path / "out"
    folder.mkdir()
    result = invoke("grade", subs, "--csv", folder)
    assert result.exit_code == 1 and "is a folder; name a file" in result.output
    assert "Traceback" not in result.output
    result = invoke("grade", tmp_path / "missing", "--csv", tmp_path / "g.csv")
    assert result.exit_code != 0 and "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [["exercises", "list"], ["progress"], ["exercises", "hint", "1.1"], ["exercises", "solution", "1.1"]],
)
def test_listing_progress_and_hints_never_import_torch(args, tmp_path):
    import subprocess
    import sys

    extra = [] if args == ["exercises", "list"] else ["--workspace", str(tmp_path)]
    code = (
        "import sys\n"
        "from realdata.cli import cli\n"
        f"cli.main({args + extra!r}, standalone_mode=False)\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]


def test_grade_with_an_unreachable_scheduler_is_one_clear_line(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write_notebook(subs / "a.ipynb", solutions("1.1"))
    result = invoke("grade", subs, "--csv", tmp_path / "g.csv", "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "error: cannot reach the Dask scheduler at tcp://127.0.0.1:1" in result.output
    assert "start one with `dask scheduler`" in result.output
