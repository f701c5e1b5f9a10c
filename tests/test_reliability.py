"""Issue 12: every input checked, nothing lost, settings that take effect.

Each test here is one defect the issue names; it failed before the fix.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
import warnings
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest
import torch
from click.testing import CliRunner

from realdata.cli import cli
from realdata.config import DataConfig, RunConfig, TrainConfig, field_help
from realdata.course.progress import FILE, Progress, ProgressNotSaved
from realdata.data import mnist
from realdata.errors import CheckpointError, ConfigError, RealdataError
from realdata.models import MODELS, SimpleMLP
from realdata.run import loaders_for, make_training, run
from realdata.training import checkpoint as ckpt

REALDATA = str(Path(sys.executable).with_name("realdata"))


# --------------------------------------------------------------------------- helpers


@contextlib.contextmanager
def read_only(folder: Path):
    """Make ``folder`` really read-only, for root too: a read-only bind mount (root), else chmod."""
    if os.geteuid() == 0:
        done = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot bind-mount here to make a read-only folder: {done.stderr.decode().strip()}")
        try:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True, capture_output=True)
            yield folder
        finally:
            subprocess.run(["umount", str(folder)], check=True)
    else:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for p in modes:
            p.chmod(modes[p] & ~0o222)
        try:
            yield folder
        finally:
            for p, mode in modes.items():
                p.chmod(mode)


def _small_checkpoint(path: Path) -> tuple[torch.nn.Module, torch.optim.Optimizer]:
    torch.manual_seed(0)
    model = SimpleMLP()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model(torch.randn(8, 1, 28, 28)).sum().backward()
    optimizer.step()
    history = [
        dict(epoch=1, train_loss=0.5, train_accuracy=0.9, test_loss=0.4, test_accuracy=0.91, seconds=1.0)
    ]
    ckpt.save(
        path,
        model=model,
        optimizer=optimizer,
        config={"seed": 0},
        history=history,
        generator=torch.Generator(),
    )
    return model, optimizer


def _fresh() -> tuple[torch.nn.Module, torch.optim.Optimizer]:
    model = SimpleMLP()
    return model, torch.optim.Adam(model.parameters(), lr=1e-3)


# --------------------------------------------------------------------------- checkpoints


def test_checkpoint_fuzz_never_loads_damage_and_never_crashes(tmp_path):
    """Truncations, bit flips and zeroed ranges at many offsets: refused, or read back exactly equal."""
    path = tmp_path / "simple.pt"
    _small_checkpoint(path)
    good = path.read_bytes()
    reference = ckpt.checksum(ckpt.load(path))
    rnd = random.Random(12)
    trials: list[bytes] = [good[:n] for n in range(0, len(good), len(good) // 60)]
    for _ in range(120):
        b = bytearray(good)
        b[rnd.randrange(len(b))] ^= 1 << rnd.randrange(8)
        trials.append(bytes(b))
    for _ in range(60):
        b = bytearray(good)
        at = rnd.randrange(len(b))
        b[at : at + 64] = bytes(len(b[at : at + 64]))
        trials.append(bytes(b))
    refused = 0
    for data in trials:
        path.write_bytes(data)
        try:
            state = ckpt.load(path)
            model, optimizer = _fresh()
            ckpt.restore(state, model=model, optimizer=optimizer, generator=torch.Generator(), path=path)
        except CheckpointError as err:
            assert "\n" not in str(err) and str(path) in str(err)
            refused += 1
            continue
        assert ckpt.checksum(state) == reference  # a change that reached no value (zip padding) is harmless
    assert refused >= len(trials) - 5


def test_zeroed_bytes_in_the_optimizer_state_are_refused(tmp_path):
    """64 zeroed bytes in the middle once resumed silently with wrong Adam state."""
    path = tmp_path / "simple.pt"
    _small_checkpoint(path)
    data = bytearray(path.read_bytes())
    mid = len(data) // 2
    data[mid : mid + 64] = bytes(64)
    path.write_bytes(bytes(data))
    with pytest.raises(CheckpointError, match="checksum does not match"):
        ckpt.load(path)


def _resave(path: Path, edit) -> None:  # noqa: ANN001
    state = torch.load(path, weights_only=True)
    edit(state)
    state["checksum"] = ckpt.checksum(state)  # a well-formed file: the schema checks must catch it
    torch.save(state, path)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda s: s["model"].__setitem__("net.1.weight", torch.zeros(3, 3)),
            "weight net.1.weight is a float32",
        ),
        (lambda s: s["model"].pop("net.1.bias"), "lacks"),
        (lambda s: s["model"].__setitem__("net.1.bias", s["model"]["net.1.bias"].double()), "float64"),
        (lambda s: s["optimizer"]["state"].__setitem__(101, s["optimizer"]["state"][0]), "does not have"),
        (
            lambda s: s["optimizer"]["state"][0].__setitem__("exp_avg", torch.zeros(2)),
            "exp_avg for parameter 0",
        ),
        (lambda s: s.__setitem__("history", "three epochs"), "'history' is a str"),
        (lambda s: s.__setitem__("epoch", 7), "says epoch 7"),
        (
            lambda s: s["rng"].__setitem__("torch", torch.zeros(3, dtype=torch.uint8)),
            "random number generator",
        ),
        (lambda s: s.pop("config"), "'config' is missing"),
    ],
)
def test_wrong_keys_shapes_and_types_are_one_line(tmp_path, edit, message):
    path = tmp_path / "simple.pt"
    _small_checkpoint(path)
    _resave(path, edit)
    model, optimizer = _fresh()
    before = [p.detach().clone() for p in model.parameters()]
    with pytest.raises(CheckpointError, match=message) as caught:
        ckpt.restore(ckpt.load(path), model=model, optimizer=optimizer, path=path)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))  # nothing changed


def test_text_and_old_format_checkpoints_are_one_line(tmp_path):
    path = tmp_path / "simple.pt"
    path.write_text("not a checkpoint")
    with pytest.raises(CheckpointError, match="it cannot be read"):
        ckpt.load(path)
    torch.save({"format": "realdata-checkpoint/1", "model": {}}, path)
    with pytest.raises(CheckpointError, match="format version 1"):
        ckpt.load(path)


def test_stray_temporary_files_go_at_the_next_save(tmp_path):
    path = tmp_path / "simple.pt"
    stray = [tmp_path / ".simple.pt.abc123.tmp", tmp_path / ".simple.pt.zz.tmp"]
    for s in stray:
        s.write_bytes(b"half a checkpoint")
    other = tmp_path / ".improved.pt.abc.tmp"  # another file's: not ours to remove
    other.write_bytes(b"x")
    _small_checkpoint(path)
    assert not any(s.exists() for s in stray) and other.exists()
    assert ckpt.load(path)["epoch"] == 1


# --------------------------------------------------------------------------- progress


def test_progress_of_the_wrong_shape_is_moved_aside_and_checks_go_on(tmp_path):
    path = tmp_path / FILE
    path.parent.mkdir()
    path.write_text('{"version": 1, "exercises": {"1.1": 5}}')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        progress = Progress.load(tmp_path)
    backup = next(path.parent.glob("progress.json.corrupt-*"))
    assert str(backup) in str(caught[0].message) and "exercises['1.1'] should be an object" in str(
        caught[0].message
    )
    progress.record_check("1.1", passed=True, score=1.0)
    assert Progress.load(tmp_path).exercise_state("1.1") == "passed"


_WRITER = """
import sys
from realdata.course.progress import Progress
ws, tag = sys.argv[1], sys.argv[2]
progress = Progress.load(ws)  # loaded once: each update must still see the other process's
for i in range(200):
    progress.record_check(f"{tag}.{i}", passed=(i == 7), score=1.0 if i == 7 else 0.0)
"""


def test_two_processes_saving_at_once_lose_no_update(tmp_path):
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(tmp_path), tag], stderr=subprocess.PIPE, text=True
        )
        for tag in ("a", "b")
    ]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read()
    saved = json.loads((tmp_path / FILE).read_text())["exercises"]
    assert len(saved) == 400
    assert saved["a.7"]["passed"] and saved["b.7"]["passed"]


def test_a_read_only_workspace_warns_once_and_still_reports(tmp_path):
    (tmp_path / FILE).parent.mkdir()
    Progress.load(tmp_path).record_check("1.2", passed=True, score=1.0)
    with read_only(tmp_path):
        progress = Progress.load(tmp_path)
        assert progress.save_problem() is not None
        with pytest.warns(ProgressNotSaved, match="cannot save progress"):
            progress.record_check("1.1", passed=True, score=1.0)
        assert progress.exercise_state("1.1") == "passed"  # in memory, this session
        assert Progress.load(tmp_path).exercise_state("1.2") == "passed"  # what was saved is still read
        proc = subprocess.run(
            [REALDATA, "exercises", "hint", "1.1", "--workspace", str(tmp_path)],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0 and proc.stdout.startswith("Hint 1 of 3 for 1.1")
        said = [line for line in proc.stderr.splitlines() if line.strip()]
        assert len(said) == 1 and said[0].startswith("warning: cannot save progress")  # one clear line


def test_a_read_only_workspace_checks_report_their_real_results(tmp_path):
    from realdata.course.workspace import init_workspace

    ws = tmp_path / "ws"
    init_workspace(ws)
    (ws / ".realdata").mkdir()
    with read_only(ws):
        proc = subprocess.run(
            [REALDATA, "exercises", "check", "1.1", "--workspace", str(ws)],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert proc.returncode == 1  # the starter fails its checks...
    assert "1.1" in proc.stdout and "not run" not in proc.stdout  # ...and says so, not "not run"
    assert proc.stderr.count("warning: progress cannot be saved") == 1
    assert "Traceback" not in proc.stdout + proc.stderr


# --------------------------------------------------------------------------- data


def test_a_read_only_root_with_verified_files_serves_run_lessons_and_verify(tmp_path, mnist_root):
    root = tmp_path / "shared"
    raw = mnist.raw_folder(root)
    raw.mkdir(parents=True)
    for f in mnist.RAW_FILES:
        shutil.copy(mnist.raw_folder(mnist_root) / f.name, raw / f.name)
    with read_only(root):
        assert all(c.ok for c in mnist.verify(root))
        assert mnist.ensure(root).sources == {f.name: "local" for f in mnist.RAW_FILES}
        result = CliRunner().invoke(
            cli, ["run", "--data-root", str(root), "--limit", "128", "--epochs", "1", "--threads", "1",
                  "--out", str(tmp_path / "out")],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        result = CliRunner().invoke(cli, ["data", "verify", "--root", str(root)])
        assert result.exit_code == 0 and "all 4 files verified" in result.output
        from realdata.data.loaders import make_loaders  # what the lessons call

        assert make_loaders(root, limit=100).n_train == 100


class _Dtype:
    """Pickles as numpy's own dtype does (``numpy.dtype(name, False, True)``, then BUILD with a state),
    with the name and state of our choosing."""

    def __init__(self, state: tuple, name: str = "f4") -> None:
        self.state, self.name = state, name

    def __reduce__(self):  # noqa: ANN204
        return (np.dtype, (self.name, False, True), self.state)


PLAIN = np.dtype(np.float32).__reduce__()[2]  # (3, '<', None, None, None, -1, -1, 0)


def test_the_unpickler_admits_only_plain_dtype_states():
    assert mnist.load_pickle(pickle.dumps(_Dtype(PLAIN), protocol=2)) == np.float32
    crafted = (3, "<", None, ("a", "b"), {"a": (np.dtype("f4"), 0), "b": (np.dtype("f4"), 1 << 40)}, 8, 1, 16)
    with pytest.raises(pickle.UnpicklingError, match="refusing dtype state"):
        mnist.load_pickle(pickle.dumps(_Dtype(crafted), protocol=2))
    with pytest.raises(pickle.UnpicklingError, match="refusing dtype 'O'"):
        mnist.load_pickle(pickle.dumps(_Dtype(PLAIN, name="O"), protocol=2))
    with pytest.raises(RealdataError, match="not the expected pickle"):
        mnist.convert_pickle(pickle.dumps(_Dtype(crafted), protocol=2))


# --------------------------------------------------------------------------- the CLI


def _bad_values(param) -> list[str]:  # noqa: ANN001
    """Values a click parameter must refuse, from its declared type."""
    import click

    kind = param.type
    if isinstance(kind, click.IntRange | click.FloatRange):
        bad = ["abc", "1.5" if isinstance(kind, click.IntRange) else "nan", str(10**30)]
        if kind.min is not None:
            bad.append(str(kind.min - 1))
        if kind.max is not None:
            bad.append(str(kind.max + 1))
        return bad
    if isinstance(kind, click.Choice):
        return ["no-such-choice"]
    if isinstance(kind, click.Path) and kind.exists:
        return ["/no/such/path"]
    return []


def _commands(group, prefix=()):  # noqa: ANN001, ANN202
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


REQUIRED = {("grade",): ["{tmp}", "--csv", "{tmp}/g.csv"], ("exercises", "check"): ["1.1"]}


def test_every_option_refuses_bad_values_in_one_line(tmp_path):
    tried = 0
    for path, command in _commands(cli):
        for param in command.params:
            if not param.opts[0].startswith("--"):
                continue
            for value in _bad_values(param):
                base = [a.replace("{tmp}", str(tmp_path)) for a in REQUIRED.get(path, [])]
                result = CliRunner().invoke(cli, [*path, *base, param.opts[0], value])
                tried += 1
                lines = [
                    ln
                    for ln in result.output.splitlines()
                    if ln.strip() and not ln.startswith(("Usage:", "Try "))
                ]
                assert result.exit_code != 0 and len(lines) == 1, (path, param.opts[0], value, result.output)
                assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert tried > 40


@pytest.mark.parametrize(
    "args",
    [
        ["run", "--epochs", str(10**30)],
        ["run", "--seed", str(2**64)],
        ["run", "--threads", str(2**63)],
        ["run", "--lr", "inf"],
        ["open", "9"],
        ["exercises", "hint", "9.9"],
        ["grade", ".", "--csv", "g.csv", "--notebook-timeout", "nan"],
    ],
)
def test_numbers_out_of_range_and_unknown_names_are_one_line(args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert (
        len([ln for ln in result.output.splitlines() if ln.strip() and not ln.startswith(("Usage:", "Try "))])
        == 1
    )


def test_open_names_the_lesson_before_jupyterlab_and_the_right_install(monkeypatch):
    from realdata.course import lab

    result = CliRunner().invoke(cli, ["open", "9"])
    assert "no lesson '9'" in result.output
    assert "realdata[lab]" not in lab.install_hint() or lab.source_checkout() is not None
    if lab.source_checkout() is not None:  # a source checkout: install its own extra, not PyPI's "realdata"
        assert lab.install_hint() == f"pip install -e '{lab.source_checkout()}[lab]'"
    monkeypatch.setattr(lab, "source_checkout", lambda: None)
    assert lab.install_hint() == "pip install jupyterlab"


def test_tensorboard_refuses_a_taken_port(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = CliRunner().invoke(cli, ["tensorboard", str(tmp_path), "--port", str(port)])
    assert result.exit_code == 1 and "serving" not in result.output
    assert f"port {port} on 127.0.0.1 is already in use" in result.output


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_tensorboard_stops_its_process_group_on_a_signal(tmp_path, sig):
    from realdata.training.board import free_port

    proc = subprocess.Popen(
        [REALDATA, "tensorboard", str(tmp_path), "--port", str(free_port())],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "is serving" in proc.stdout.readline()
        board = _children(proc.pid)
        assert board, "TensorBoard runs as a child"
        proc.send_signal(sig)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in board):
            time.sleep(0.1)
        assert not any(Path(f"/proc/{p}").exists() for p in board), "TensorBoard outlived the command"
    finally:
        if proc.poll() is None:
            proc.kill()


# --------------------------------------------------------------------------- one config


def test_cli_options_are_the_config_fields_with_their_docstrings():
    run_command = cli.commands["run"]
    options = {p.name: p for p in run_command.params}
    for cls, skip in ((DataConfig, ()), (TrainConfig, ("model",)), (RunConfig, ("models", "data", "train"))):
        docs = field_help(cls)
        for f in fields(cls):
            if f.name in skip:
                continue
            option = options[f.name]
            assert option.help == docs[f.name]
            assert option.default == f.default


def test_every_setting_takes_effect(tmp_path, mnist_root):
    base_data, base_train = DataConfig(limit=256), TrainConfig()
    loaders = loaders_for(mnist_root, base_data)
    first = next(iter(loaders.train))[1]

    def batch_of(data: DataConfig):  # noqa: ANN202
        return next(iter(loaders_for(mnist_root, data).train))

    assert len(batch_of(DataConfig(limit=256, batch_size=32))[1]) == 32  # batch_size reaches the loaders
    assert loaders_for(mnist_root, DataConfig(limit=100)).n_train == 100  # limit
    assert (
        type(loaders_for(mnist_root, DataConfig(limit=100, pipeline="canonical")).train.dataset).__name__
        == "Subset"
    )
    assert not torch.equal(batch_of(DataConfig(limit=256, seed=1))[1], first)  # seed: another order

    model, optimizer, _ = make_training(base_train, base_data)
    assert type(model) is MODELS["simple"]
    improved, opt2, _ = make_training(TrainConfig(model="improved", lr=0.01), base_data)
    assert type(improved) is MODELS["improved"]
    assert opt2.param_groups[0]["lr"] == 0.01 and opt2.param_groups[0]["weight_decay"] == 1e-4
    _, opt3, _ = make_training(TrainConfig(weight_decay=0.5), base_data)
    assert opt3.param_groups[0]["weight_decay"] == 0.5

    config = RunConfig(data=DataConfig(limit=96, batch_size=32), train=TrainConfig(epochs=2, lr=3e-3), out=tmp_path,
                       threads=1, models=("simple",))  # fmt: skip
    summary = run(config, log=lambda _: None, progress=False)
    assert len(summary["models"]["simple"]["epochs"]) == 2  # epochs
    stored = ckpt.load(tmp_path / "checkpoints" / "simple.pt")["config"]
    assert stored["batch_size"] == 32 and stored["lr"] == 3e-3 and stored["limit"] == 96


def test_loaders_and_configs_raise_config_errors():
    from realdata.data.loaders import make_loaders

    with pytest.raises(ConfigError, match="unknown pipeline"):
        make_loaders(Path("."), pipeline="turbo")
    with pytest.raises(ConfigError, match="batch_size must be from 1 to 60000"):
        make_loaders(Path("."), batch_size=0)
    with pytest.raises(ConfigError, match="lr must be above 0"):
        TrainConfig(lr=0)
    with pytest.raises(ConfigError, match="batch norm"):
        RunConfig(data=DataConfig(batch_size=1))
    assert set(MODELS) == set(TrainConfig.__dataclass_fields__["model"].metadata["choices"])


def test_resume_reuses_the_stored_thread_count(tmp_path, mnist_root, monkeypatch):
    from realdata.training import threads

    config = RunConfig(
        data=DataConfig(limit=64), train=TrainConfig(epochs=1), out=tmp_path, threads=1, models=("simple",)
    )
    run(config, log=lambda _: None, progress=False)
    state = ckpt.load(tmp_path / "checkpoints" / "simple.pt")
    _resave(tmp_path / "checkpoints" / "simple.pt", lambda s: s["config"].__setitem__("threads", 2))
    assert state["config"]["threads"] == 1

    def no_probe(*a, **k):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("the thread probe ran on --resume")

    monkeypatch.setattr(threads, "time_training_step", no_probe)
    lines: list[str] = []
    resumed = RunConfig(
        data=DataConfig(limit=64), train=TrainConfig(epochs=2), out=tmp_path, resume=True, models=("simple",)
    )
    summary = run(resumed, log=lines.append, progress=False)
    assert summary["threads"] == 2
    assert any(line.endswith("torch threads: 2 (as in the checkpoints being resumed)") for line in lines)


def test_tracking_does_not_import_the_loop():
    code = "import sys, realdata.training.tracking; sys.exit('realdata.training.loop' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_cli_module_has_no_course_or_board_logic():
    source = (Path(__file__).parents[1] / "src" / "realdata" / "cli.py").read_text()
    for symbol in (
        "find_spec(",
        "subprocess",
        "Progress.load",
        "exercise.hints",
        "find_exercise_notebook",
        "urlopen",
    ):
        assert symbol not in source, symbol
