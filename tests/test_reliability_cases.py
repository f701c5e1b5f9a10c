"""The reliability cases that helpers wrote from issue 12's text alone (tests/reliability_cases/).

They are kept apart from our own tests, and scored apart by ``benchmarks/reliability.py``.
Checkpoints: a run of 500 images is trained once, copied for each case, damaged by the
case, then resumed in-process. Progress: a workspace is made once, copied for each case.
CLI: every case runs ``realdata`` as a subprocess.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "reliability_cases"))
import checkpoint_cases  # noqa: E402
import cli_cases  # noqa: E402
import progress_cases  # noqa: E402

from realdata.config import DataConfig, RunConfig, TrainConfig  # noqa: E402
from realdata.course.progress import FILE, Progress  # noqa: E402
from realdata.course.report import progress_report  # noqa: E402
from realdata.errors import CheckpointError  # noqa: E402
from realdata.run import run  # noqa: E402

REALDATA = str(Path(sys.executable).with_name("realdata"))

# Where we chose otherwise than a case's writer, and why. The case is still run, with the
# expectation reversed, so the choice is tested too; benchmarks/reliability.py counts them apart.
DISAGREE = {
    "utf8_bom": "RFC 8259 (8.1) lets a parser ignore a byte-order mark; an editor may add one, and a "
    "learner's passes should not be moved aside for it",
}


def _config(out: Path, epochs: int, resume: bool, models: tuple[str, ...]) -> RunConfig:
    return RunConfig(
        data=DataConfig(limit=500),
        train=TrainConfig(epochs=epochs),
        out=out,
        threads=1,
        resume=resume,
        models=models,
    )


@pytest.fixture(scope="module")
def trained(tmp_path_factory, mnist_root) -> Path:
    out = tmp_path_factory.mktemp("trained") / "out"
    run(_config(out, 1, False, ("simple", "improved")), log=lambda _: None, progress=False)
    return out


@pytest.mark.parametrize("case", checkpoint_cases.CASES, ids=lambda c: c.name)
def test_checkpoint_case(case, trained, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(trained, out, symlinks=True)
    path = out / "checkpoints" / "simple.pt"
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    case.mutate(path, scratch)
    if case.expect == "refuse":
        with pytest.raises(CheckpointError) as caught:
            run(_config(out, 2, True, ("simple",)), log=lambda _: None, progress=False)
        message = str(caught.value)
        assert "\n" not in message and str(path) in message, message
    else:
        summary = run(_config(out, 2, True, ("simple",)), log=lambda _: None, progress=False)
        assert len(summary["models"]["simple"]["epochs"]) == 2
        assert not list(path.parent.glob(".simple.pt.*.tmp")), "stray temporary files outlived a save"


@pytest.fixture(scope="module")
def workspace_template(tmp_path_factory) -> Path:
    from realdata.course.workspace import init_workspace

    ws = tmp_path_factory.mktemp("ws") / "ws"
    list(init_workspace(ws, force=False))
    return ws


@pytest.mark.parametrize("case", progress_cases.CASES, ids=lambda c: c.name)
def test_progress_case(case, workspace_template, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(workspace_template, ws)
    path = ws / FILE
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(case.content)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = progress_report(ws)
    said = " ".join(str(w.message) for w in caught)
    moved = list(path.parent.glob("progress.json.corrupt-*"))
    expect = {"aside": "kept", "kept": "aside"}[case.expect] if case.name in DISAGREE else case.expect
    if expect == "aside":
        assert moved and str(moved[0]) in said, said
        assert moved[0].read_bytes() == case.content  # the learner's file is kept, only moved
    else:
        assert not moved and not said, said
        if b'"1.2"' in case.content and b'"passed": true' in case.content.replace(
            b'"passed":true', b'"passed": true'
        ):
            assert Progress.load(ws).exercise_state("1.2") == "passed"
            assert "1.2" in report
    # learning goes on: a pass of 1.1 is recorded and shown
    Progress.load(ws).record_check("1.1", passed=True, score=1.0)
    assert Progress.load(ws).exercise_state("1.1") == "passed"
    assert json.loads(path.read_text())["exercises"]["1.1"]["passed"] is True


def _busy_port() -> tuple[socket.socket, int]:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen()
    return s, s.getsockname()[1]


@pytest.mark.parametrize("case", cli_cases.CASES, ids=lambda c: c.name)
def test_cli_case(case, tmp_path, mnist_root):
    listener, port = _busy_port()
    argv = [a.replace("{tmp}", str(tmp_path)).replace("{busy_port}", str(port)) for a in case.argv]
    env = {**os.environ, "REALDATA_DATA": str(mnist_root)}
    try:
        proc = subprocess.run(
            [REALDATA, *argv], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env
        )
    finally:
        listener.close()
    output = proc.stdout + proc.stderr
    if case.expect == "ok":
        assert proc.returncode == 0, output[-2000:]
        return
    assert proc.returncode != 0, output[-2000:]
    assert "Traceback" not in output, output[-2000:]
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if not line.startswith(("Usage:", "Try '"))]
    assert len(errors) == 1, proc.stderr
