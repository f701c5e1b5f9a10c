"""Grading a class folder: Dask workers, a results cache, assignment columns, feedback, the sandbox.

Real kernels and real Dask clusters (local worker processes, and a scheduler and worker started as
subprocesses); slow-marked.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from course_helpers import solutions, write_notebook
from realdata.course import sandbox
from realdata.course.batch import GradeConfig, grade_folder
from realdata.course.grader import grade_notebook
from realdata.errors import RealdataError

pytestmark = pytest.mark.slow

CRASH = "raise RuntimeError('my cell blew up')"
LOOP = "def train_epoch(model, loader, loss_fn, optimizer):\n    while True:\n        pass\ntrain_epoch(1, 2, 3, 4)\n"
STUBBORN = (
    "def train_epoch(model, loader, loss_fn, optimizer):\n    pass\n"
    "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C does nothing now\n"
    "while True:\n    pass\n"
)
# passes every public check of 1.1 but not the hidden one (a large dataset)
HIDDEN_MISS = """
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1) if n <= 1000 else torch.zeros(n, 1)
        self.y = self.x ** 2
    def __len__(self):
        return len(self.x)
    def __getitem__(self, i):
        return self.x[i], self.y[i]
"""
FAST = GradeConfig(timeout=20, notebook_timeout=240)


def rows_of(path: Path) -> dict[str, dict[str, str]]:
    return {r["submission"]: r for r in csv.DictReader(path.open())}


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Path:
    """A small class: honest, partly wrong, crashing, looping, unreadable, another lesson's, subfolders."""
    subs = tmp_path_factory.mktemp("class") / "subs"
    (subs / "alice").mkdir(parents=True)
    (subs / "bob").mkdir()
    write_notebook(subs / "alice" / "exercises.ipynb", solutions())
    write_notebook(subs / "bob" / "exercises.ipynb", solutions("1.1", "1.2") | {"1.4": CRASH})
    write_notebook(subs / "carol.ipynb", solutions("1.1") | {"1.3": LOOP})
    write_notebook(subs / "erin.ipynb", solutions("1.1", "1.2", "1.3", "1.4") | {"1.1": HIDDEN_MISS})
    write_notebook(subs / "frank.ipynb", {}, lesson=2)  # the wrong assignment
    (subs / "dave.ipynb").write_text("{ this is not json")
    (subs / "README.txt").write_text("submissions, week 3")
    (subs / ".ipynb_checkpoints").mkdir()
    write_notebook(subs / ".ipynb_checkpoints" / "carol-checkpoint.ipynb", {})
    return subs


@pytest.fixture(scope="module")
def graded_twice(klass, tmp_path_factory):
    """The class graded with 1 worker and with 2: (csv text, batch) for each."""
    out = tmp_path_factory.mktemp("out")
    runs = {}
    for n in (1, 2):
        path = out / f"workers{n}.csv"
        batch = grade_folder(klass, path, config=FAST, workers=n, feedback=out / f"feedback{n}")
        runs[n] = (path.read_text(), batch, out)
    return runs


def test_one_and_two_workers_give_identical_csvs(graded_twice):
    assert graded_twice[1][0] == graded_twice[2][0]


def test_the_csv_has_the_assignments_columns_and_one_row_per_submission(graded_twice, klass):
    text, batch, out = graded_twice[2]
    header = text.splitlines()[0]
    assert header == "submission,1.1,1.2,1.3,1.4,1.5,total,problems"
    rows = rows_of(out / "workers2.csv")
    # subfolders keep their names apart; checkpoints and non-notebooks are not submissions
    assert list(rows) == [
        "alice/exercises.ipynb",
        "bob/exercises.ipynb",
        "carol.ipynb",
        "dave.ipynb",
        "erin.ipynb",
        "frank.ipynb",
    ]
    assert rows["alice/exercises.ipynb"]["total"] == "5.00"
    assert [rows["bob/exercises.ipynb"][c] for c in ("1.1", "1.2", "1.4", "total")] == [
        "1.00",
        "1.00",
        "0.00",
        "2.00",
    ]
    assert "1.3: timeout" in rows["carol.ipynb"]["problems"]
    assert rows["dave.ipynb"]["problems"].startswith("not a readable notebook")
    assert "mnist-project" in rows["frank.ipynb"]["problems"]
    assert "not for the assignment, datasets-and-dataloaders" in rows["frank.ipynb"]["problems"]
    assert batch.lesson == "datasets-and-dataloaders"
    assert any("skipped 1 files that are not notebooks" in n for n in batch.notes)


def test_a_failing_hidden_check_names_the_mistake_never_the_check(graded_twice):
    _, batch, out = graded_twice[2]
    erin = next(g for g in batch.grades if g.path.name == "erin.ipynb").grades["1.1"]
    assert erin.status == "failed" and erin.public == (6, 6) and erin.hidden == (0, 1)
    assert erin.message.startswith("a hidden check found a problem: a large SquaresDataset")
    report = (out / "feedback2" / "erin.md").read_text()
    assert "a large SquaresDataset does not hold x from -1 to 1" in report
    for leak in ("large sizes", "t11_hidden_large", "def ", "raise CheckFailed", "ds[1000]"):
        assert leak not in report


def test_feedback_is_one_markdown_report_per_learner(graded_twice):
    _, _, out = graded_twice[2]
    names = sorted(p.name for p in (out / "feedback2").iterdir())
    assert names == [
        "alice__exercises.md",
        "bob__exercises.md",
        "carol.md",
        "dave.md",
        "erin.md",
        "frank.md",
    ]
    alice = (out / "feedback2" / "alice__exercises.md").read_text()
    assert "**Score: 5.00 of 5**" in alice
    assert "- **1.3 The training loop meets the DataLoader**: passed (6/6 public, 1/1 hidden)" in alice
    carol = (out / "feedback2" / "carol.md").read_text()
    assert "did not finish within 20 s" in carol


def test_resume_regrades_only_new_or_changed_notebooks(klass, tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write_notebook(subs / "a.ipynb", solutions("1.1"))
    write_notebook(subs / "b.ipynb", solutions("1.2"))
    out = tmp_path / "grades.csv"
    first = grade_folder(subs, out, config=FAST, workers=2)
    assert first.graded == 2
    before = out.read_text()

    again = grade_folder(subs, out, config=FAST, workers=2, resume=True)
    assert again.graded == 0 and out.read_text() == before

    write_notebook(subs / "b.ipynb", solutions("1.2", "1.4"))  # b resubmits
    write_notebook(subs / "c.ipynb", {})  # c is late
    third = grade_folder(subs, out, config=FAST, workers=2, resume=True)
    assert third.graded == 2
    rows = rows_of(out)
    assert (
        rows["a.ipynb"]["1.1"] == "1.00"
        and rows["b.ipynb"]["1.4"] == "1.00"
        and rows["c.ipynb"]["total"] == "0.00"
    )

    # a different time limit is a different grading: nothing is reused
    changed = grade_folder(
        subs, out, config=GradeConfig(timeout=21, notebook_timeout=240), workers=2, resume=True
    )
    assert changed.graded == 3


def test_only_regrades_one_submission_and_keeps_the_other_rows(tmp_path):
    subs = tmp_path / "subs"
    (subs / "late").mkdir(parents=True)
    write_notebook(subs / "a.ipynb", solutions("1.1"))
    write_notebook(subs / "late" / "b.ipynb", {})
    out = tmp_path / "grades.csv"
    grade_folder(subs, out, config=FAST, workers=1)
    write_notebook(subs / "late" / "b.ipynb", solutions("1.5"))
    batch = grade_folder(subs, out, config=FAST, workers=1, only="late/b.ipynb")
    assert batch.graded == 1
    rows = rows_of(out)
    assert rows["a.ipynb"]["1.1"] == "1.00" and rows["late/b.ipynb"]["1.5"] == "1.00"
    with pytest.raises(RealdataError, match="did you mean late/b.ipynb"):
        grade_folder(subs, out, config=FAST, workers=1, only="b.ipynb")


def test_bad_input_gets_a_clear_error_before_any_grading(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(RealdataError, match="no .ipynb notebooks in"):
        grade_folder(empty, tmp_path / "g.csv")
    (empty / "notes.txt").write_text("x")
    with pytest.raises(RealdataError, match=r"only 1 other files"):
        grade_folder(empty, tmp_path / "g.csv")
    subs = tmp_path / "subs"
    subs.mkdir()
    write_notebook(subs / "a.ipynb", {})
    with pytest.raises(RealdataError, match="is a folder; name a file"):
        grade_folder(subs, subs)
    start = time.monotonic()
    with pytest.raises(RealdataError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:1"):
        grade_folder(subs, tmp_path / "g.csv", scheduler="tcp://127.0.0.1:1")
    assert time.monotonic() - start < 60


def test_a_worker_killed_mid_task_still_yields_every_row(tmp_path):
    from distributed import Client, LocalCluster

    subs = tmp_path / "subs"
    subs.mkdir()
    for name in "abcd":
        write_notebook(subs / f"{name}.ipynb", solutions("1.1", "1.2"))
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, memory_limit=0) as cluster,
        Client(cluster) as client,
    ):
        killed = []

        def kill_one_worker_when_busy() -> None:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                busy = [w for w, tasks in client.processing().items() if tasks]
                if busy:
                    time.sleep(2)  # well inside the task: its kernel is running the notebook
                    pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    return
                time.sleep(0.2)

        killer = threading.Thread(target=kill_one_worker_when_busy)
        killer.start()
        batch = grade_folder(subs, tmp_path / "g.csv", config=FAST, scheduler=cluster.scheduler_address)
        killer.join()
    assert killed, "no worker was ever busy"
    rows = rows_of(tmp_path / "g.csv")
    assert sorted(rows) == ["a.ipynb", "b.ipynb", "c.ipynb", "d.ipynb"]
    assert all(r["1.1"] == "1.00" and r["1.2"] == "1.00" for r in rows.values()), rows
    assert len(batch.grades) == 4


def test_a_scheduler_and_worker_started_as_processes_grade_through_scheduler(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write_notebook(subs / "a.ipynb", solutions("1.1"))
    write_notebook(subs / "b.ipynb", {})
    info = tmp_path / "scheduler.json"
    env = dict(os.environ)
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
         "--dashboard-address", ":0", "--scheduler-file", str(info)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nworkers", "1", "--nthreads", "1",
             "--no-dashboard"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        out = tmp_path / "g.csv"
        batch = grade_folder(subs, out, config=FAST, scheduler=address)
        rows = rows_of(out)
        assert rows["a.ipynb"]["1.1"] == "1.00" and rows["b.ipynb"]["total"] == "0.00"
        assert batch.graded == 2
    finally:
        for proc in (worker, scheduler):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)


# ---------------------------------------------------------------------------- the sandbox


def test_the_memory_limit_turns_a_runaway_allocation_into_an_error(tmp_path):
    grab = "blob = bytearray(12 * 2**30)  # 12 GB\n"
    path = write_notebook(tmp_path / "m.ipynb", solutions("1.1") | {"1.2": grab})
    g = grade_notebook(path, timeout=30, limits=sandbox.Limits(memory_mb=4096, user=""))
    assert g.grades["1.2"].message.startswith("your code raised MemoryError")
    assert g.grades["1.1"].status == "passed"


def test_a_stubborn_kernel_costs_one_time_limit_plus_the_grace(tmp_path):
    path = write_notebook(tmp_path / "s.ipynb", solutions("1.1", "1.2") | {"1.3": STUBBORN})
    start = time.monotonic()
    g = grade_notebook(path, timeout=5, grace=3, limits=sandbox.Limits(user=""))
    assert time.monotonic() - start < 60
    assert g.grades["1.3"].status == "timeout"
    assert "ignored the interrupt" in g.grades["1.5"].message and g.grades["1.5"].status == "not run"


def test_the_notebook_wall_clock_stops_the_remaining_cells(tmp_path):
    slow = "import time\ntime.sleep(4)\n"
    answers = {i: solutions(i)[i] + slow for i in ("1.1", "1.2", "1.3", "1.4", "1.5")}
    path = write_notebook(tmp_path / "w.ipynb", answers)
    start = time.monotonic()
    g = grade_notebook(path, timeout=30, notebook_timeout=10, limits=sandbox.Limits(user=""))
    assert time.monotonic() - start < 40
    assert g.grades["1.5"].status in {"not run", "timeout"}
    assert any("notebook" in x.message and "time limit" in x.message for x in g.grades.values())


def test_detached_children_do_not_outlive_grading(tmp_path):
    marker = "314.159"
    spawn = (
        "import subprocess\n"
        f"subprocess.Popen(['sleep', '{marker}'], start_new_session=True)  # detached: its own session\n"
        f"subprocess.Popen(['sleep', '{marker}'])\n"
    )
    path = write_notebook(tmp_path / "d.ipynb", solutions("1.1") | {"1.2": spawn})
    grade_notebook(path, timeout=30, limits=sandbox.Limits(user=""))
    time.sleep(0.5)
    alive = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _cmdline(p) == ["sleep", marker]]
    assert alive == []


def _cmdline(proc: Path) -> list[str]:
    try:
        return (proc / "cmdline").read_bytes().decode().split("\0")[:-1]
    except OSError:
        return []


@pytest.mark.skipif(os.geteuid() != 0, reason="dropping to another user needs root")
def test_the_wrapper_drops_to_the_unprivileged_user_with_limits():
    work = sandbox.prepare_workdir(sandbox.Limits(user="nobody"))  # in /tmp, owned by nobody
    probe = "import os, resource; print(os.getuid(), resource.getrlimit(resource.RLIMIT_AS)[0], os.getcwd())"
    out = subprocess.run(
        [sys.executable, "-m", "realdata.course.sandbox", "--user", "nobody", "--memory-mb", "512",
         "--processes", "5", f"--workdir={work}", "--", "/usr/bin/python3", "-c", probe],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    uid, limit, cwd = out.stdout.split()
    shutil.rmtree(work)
    assert (int(uid), int(limit), cwd) == (65534, 512 * 2**20, str(work))


def test_an_unknown_user_to_run_as_is_refused_before_grading(tmp_path):
    if os.geteuid() != 0:
        assert sandbox.resolve(sandbox.Limits(user="no-such-user-x"))[0].user == ""  # not root: stays itself
        return
    with pytest.raises(RealdataError, match="no user named 'no-such-user-x'"):
        sandbox.resolve(sandbox.Limits(user="no-such-user-x"))


def test_a_damaged_results_file_is_ignored_not_a_crash(tmp_path):
    from realdata.course.batch import CACHE_VERSION, Submission, _from_cache, _read_cache

    config = GradeConfig()
    path = tmp_path / "grades.results.json"
    path.write_text("{ not json")
    assert _read_cache(path, config) == {}
    path.write_text(json.dumps({"version": CACHE_VERSION, "config": config.key(), "results": ["x"]}))
    assert _read_cache(path, config) == {}
    entries = {"a": {"grades": {"1.1": {"exercise_id": "1.1"}}}, "b": "nonsense", "c": {"grades": []}}
    path.write_text(json.dumps({"version": CACHE_VERSION, "config": config.key(), "results": entries}))
    cache = _read_cache(path, config)
    assert [_from_cache(cache, Submission("s.ipynb", b"", sha)) for sha in "abcd"] == [None] * 4
    other = GradeConfig(timeout=5)
    assert _read_cache(path, other) == {}  # results made with other settings are not reused


def test_the_total_counts_only_the_assignments_exercises():
    from realdata.course.batch import grades_csv
    from realdata.course.grader import ExerciseGrade, NotebookGrade

    g = NotebookGrade(Path("a.ipynb"))
    for exercise_id in ("1.1", "1.2", "2.1", "3.6"):  # a lesson-1 notebook that also tags later exercises
        g.grades[exercise_id] = ExerciseGrade(exercise_id, "passed", 1.0)
    row = grades_csv([g], ["1.1", "1.2", "1.3", "1.4", "1.5"]).splitlines()[1]
    assert row == "a.ipynb,1.00,1.00,,,,2.00,"


def test_only_without_earlier_results_is_refused_before_grading(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write_notebook(subs / "a.ipynb", {})
    with pytest.raises(RealdataError, match="no earlier results made with these settings"):
        grade_folder(subs, tmp_path / "g.csv", only="a.ipynb")
    assert not (tmp_path / "g.csv").exists()


def test_a_graded_kernel_does_not_inherit_the_graders_credentials(tmp_path):
    base = {
        "PATH": "/usr/bin",
        "GITHUB_TOKEN": "x",
        "AWS_SECRET_ACCESS_KEY": "y",
        "MY_API_KEY": "z",
        "LANG": "C",
    }
    env = sandbox.kernel_env(base, tmp_path, "tok", sandbox.Limits(user=""))
    assert env == {"PATH": "/usr/bin", "LANG": "C", sandbox.TOKEN_VAR: "tok"}


def test_stand_ins_that_are_not_functions_count_as_tampering():
    import types

    import realdata.course
    import realdata.course.model as model
    from realdata.course import harness

    before = harness.tampering()  # (pytest's own stdout capture may already show here)
    real = realdata.course.harness
    realdata.course.harness = types.SimpleNamespace(tampering=lambda: [])
    try:
        assert "realdata.course.harness was replaced: check functions were replaced" in harness.tampering()
    finally:
        realdata.course.harness = real

    class AlwaysPasses:
        def __call__(self, *args, **kwargs):
            return None

    AlwaysPasses.__module__ = "__main__"  # as if defined in a notebook cell
    run_tests = model.run_tests
    model.run_tests = AlwaysPasses()
    try:
        assert (
            "realdata.course.model.run_tests was replaced: check functions were replaced"
            in harness.tampering()
        )
    finally:
        model.run_tests = run_tests
    assert harness.tampering() == before
