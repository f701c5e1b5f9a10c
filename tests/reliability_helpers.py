"""How the independent reliability cases (tests/reliability_cases/) are judged.

Shared by tests/test_reliability_cases.py and benchmarks/reliability.py, so that the
tests and the benchmark's scores judge a case the same way. Each ``judge_*`` returns
``None`` when the case came out as its writer expected, else a line saying what happened.
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

sys.path.insert(0, str(Path(__file__).parent / "reliability_cases"))
import checkpoint_cases  # noqa: E402, F401 - re-exported for the tests and the benchmark
import cli_cases  # noqa: E402, F401
import progress_cases  # noqa: E402, F401

from realdata.config import DataConfig, RunConfig, TrainConfig  # noqa: E402
from realdata.course.progress import FILE, Progress  # noqa: E402
from realdata.course.report import progress_report  # noqa: E402
from realdata.errors import CheckpointError  # noqa: E402
from realdata.run import run  # noqa: E402

REALDATA = str(Path(sys.executable).with_name("realdata"))

# Where we chose otherwise than a case's writer, and why. The case is still run, with the
# expectation reversed, so our choice is tested too; the benchmark counts these apart.
DISAGREE = {
    "utf8_bom": "RFC 8259 (8.1) lets a parser ignore a byte-order mark; an editor may add one, and a "
    "learner's passes should not be moved aside for it",
}


def expected(case) -> str:  # noqa: ANN001
    flip = {
        "aside": "kept",
        "kept": "aside",
        "refuse": "resume",
        "resume": "refuse",
        "ok": "error",
        "error": "ok",
    }
    return flip[case.expect] if case.name in DISAGREE else case.expect


def run_config(out: Path, epochs: int, resume: bool, models: tuple[str, ...]) -> RunConfig:
    return RunConfig(
        data=DataConfig(limit=500),
        train=TrainConfig(epochs=epochs),
        out=out,
        threads=1,
        resume=resume,
        models=models,
    )


def train_once(out: Path) -> Path:
    """The run every checkpoint case starts from: 500 images, one epoch, both models."""
    run(run_config(out, 1, False, ("simple", "improved")), log=lambda _: None, progress=False)
    return out


def judge_checkpoint(case, trained: Path, tmp: Path) -> str | None:  # noqa: ANN001
    out = tmp / "out"
    shutil.copytree(trained, out, symlinks=True)
    path = out / "checkpoints" / "simple.pt"
    scratch = tmp / "scratch"
    scratch.mkdir()
    case.mutate(path, scratch)
    try:
        summary = run(run_config(out, 2, True, ("simple",)), log=lambda _: None, progress=False)
    except CheckpointError as err:
        message = str(err)
        if expected(case) == "resume":
            return f"refused: {message}"
        if "\n" in message or str(path) not in message:
            return f"refused, but not in one line naming the file: {message!r}"
        return None
    except Exception as err:  # noqa: BLE001 - anything else is what the case is looking for
        return f"{type(err).__name__}: {err}"
    if expected(case) == "refuse":
        return "resumed from it"
    if len(summary["models"]["simple"]["epochs"]) != 2:
        return "did not continue to epoch 2"
    if list(path.parent.glob(".simple.pt.*.tmp")):
        return "stray temporary files outlived a save"
    return None


def judge_progress(case, template: Path, tmp: Path) -> str | None:  # noqa: ANN001
    ws = tmp / "ws"
    shutil.copytree(template, ws)
    path = ws / FILE
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(case.content)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            report = progress_report(ws)
    except Exception as err:  # noqa: BLE001
        return f"progress failed: {type(err).__name__}: {err}"
    said = " ".join(str(w.message) for w in caught)
    moved = list(path.parent.glob("progress.json.corrupt-*"))
    if expected(case) == "aside":
        if not moved:
            return "not moved aside"
        if str(moved[0]) not in said:
            return f"moved, but the warning does not say where: {said!r}"
        if moved[0].read_bytes() != case.content:
            return "the moved file is not the learner's file"
    else:
        if moved or said:
            return f"a valid file was set aside or warned about: {said!r}"
        if _recorded_pass(case.content, "1.2") and (
            Progress.load(ws).exercise_state("1.2") != "passed" or "1.2" not in report
        ):
            return "a recorded pass is no longer shown"
    Progress.load(ws).record_check("1.1", passed=True, score=1.0)  # learning goes on
    if Progress.load(ws).exercise_state("1.1") != "passed":
        return "a new pass was not recorded"
    if json.loads(path.read_text())["exercises"]["1.1"]["passed"] is not True:
        return "a new pass was not saved"
    return None


def judge_cli(case, tmp: Path, data_root: Path) -> str | None:  # noqa: ANN001
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        argv = [a.replace("{tmp}", str(tmp)).replace("{busy_port}", str(port)) for a in case.argv]
        env = {**os.environ, "REALDATA_DATA": str(data_root)}
        proc = subprocess.run(
            [REALDATA, *argv], capture_output=True, text=True, timeout=120, cwd=tmp, env=env
        )
    output = proc.stdout + proc.stderr
    if expected(case) == "ok":
        return None if proc.returncode == 0 else f"exit {proc.returncode}: {output[-300:]!r}"
    if proc.returncode == 0:
        return "exit status 0"
    if "Traceback" in output:
        return f"traceback: {output[-300:]!r}"
    errors = [ln for ln in proc.stderr.splitlines() if ln.strip() and not ln.startswith(("Usage:", "Try '"))]
    return None if len(errors) == 1 else f"{len(errors)} error lines: {proc.stderr!r}"


def _recorded_pass(content: bytes, exercise_id: str) -> bool:
    """Does this (valid) progress file record a pass of ``exercise_id``?"""
    data = json.loads(content.decode("utf-8-sig"))
    return data.get("exercises", {}).get(exercise_id, {}).get("passed") is True
