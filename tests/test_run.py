"""The main job: summary.json's contract, the run folder, and exact resume."""

from __future__ import annotations

import json

import pytest

from realdata.config import DataConfig, RunConfig, TrainConfig
from realdata.errors import CheckpointError
from realdata.run import run
from realdata.training import checkpoint as ckpt
from realdata.training.tracking import read_scalars


def _config(tmp_path, mnist_root, seed=0, **kw):
    kw.setdefault("out", tmp_path / "out")
    return RunConfig(
        data=DataConfig(limit=320, seed=seed),
        train=TrainConfig(epochs=2),
        threads=1,
        data_root=mnist_root,
        **kw,
    )


def _numbers(summary):
    """Everything that training computes (not the wall-clock seconds)."""
    return {
        name: [{k: v for k, v in e.items() if k != "seconds"} for e in m["epochs"]]
        for name, m in summary["models"].items()
    }


def test_summary_contract_and_run_folder(tmp_path, mnist_root):
    summary = run(_config(tmp_path, mnist_root), log=lambda _: None, progress=False)
    out = tmp_path / "out"
    on_disk = json.loads((out / "summary.json").read_text())
    assert on_disk == summary
    assert summary["data"] == {"root": str(mnist_root), "train": 320, "test": 320, "verified": True}
    assert summary["pipeline"] == "fast" and summary["threads"] == 1
    assert summary["models"]["simple"]["params"] == 235_146
    for m in summary["models"].values():
        assert [e["epoch"] for e in m["epochs"]] == [1, 2]
        assert set(m["epochs"][0]) == {
            "epoch",
            "train_loss",
            "train_accuracy",
            "test_loss",
            "test_accuracy",
            "seconds",
        }
        assert m["test_accuracy"] == m["epochs"][-1]["test_accuracy"]
        assert 0 <= m["test_accuracy"] <= 1 and m["seconds"] > 0
    for png in ("samples.png", "predictions.png", "curves.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    report = (out / "report.md").read_text()
    assert "![predictions](predictions.png)" in report and "| simple | 235,146 |" in report
    for name in ("simple", "improved"):
        scalars = read_scalars(out / "runs" / name)
        assert [s for s, _ in scalars["accuracy/test"]] == [1, 2]
        state = ckpt.load(out / "checkpoints" / f"{name}.pt")
        assert state["epoch"] == 2 and state["config"]["model"] == name
        assert state["metrics"]["test_accuracy"] == summary["models"][name]["test_accuracy"]
    assert ckpt.load(out / "checkpoints" / "improved.pt")["config"]["weight_decay"] == 1e-4


def test_interrupted_run_resumes_to_the_same_numbers(tmp_path, mnist_root, monkeypatch):
    straight = run(_config(tmp_path, mnist_root, out=tmp_path / "a"), log=lambda _: None, progress=False)

    real_save = ckpt.save
    saves = []

    def save_then_interrupt(path, **kw):
        real_save(path, **kw)
        saves.append(path)
        if len(saves) == 3:  # simple finished (2 epochs), improved has 1 epoch saved
            raise KeyboardInterrupt

    monkeypatch.setattr(ckpt, "save", save_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        run(_config(tmp_path, mnist_root, out=tmp_path / "b"), log=lambda _: None, progress=False)
    monkeypatch.setattr(ckpt, "save", real_save)
    assert ckpt.load(tmp_path / "b" / "checkpoints" / "improved.pt")["epoch"] == 1

    resumed = run(
        _config(tmp_path, mnist_root, out=tmp_path / "b", resume=True), log=lambda _: None, progress=False
    )
    assert _numbers(resumed) == _numbers(straight)
    # the resumed TensorBoard run has each epoch once, not the interrupted epoch twice
    # (two event files written in the same second may be read in either order, hence sorted)
    steps = [s for s, _ in read_scalars(tmp_path / "b" / "runs" / "improved")["loss/train"]]
    assert sorted(steps) == [1, 2]


def test_resume_refuses_a_checkpoint_made_with_other_settings(tmp_path, mnist_root):
    run(_config(tmp_path, mnist_root), log=lambda _: None, progress=False)
    with pytest.raises(CheckpointError, match=r"other settings \(seed: 0 there, 1 now\)"):
        run(_config(tmp_path, mnist_root, seed=1, resume=True), log=lambda _: None, progress=False)


def test_resume_with_a_half_written_checkpoint_is_a_clear_error(tmp_path, mnist_root):
    run(_config(tmp_path, mnist_root), log=lambda _: None, progress=False)
    path = tmp_path / "out" / "checkpoints" / "simple.pt"
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(CheckpointError, match="damaged or not usable: it cannot be read"):
        run(_config(tmp_path, mnist_root, resume=True), log=lambda _: None, progress=False)
    assert path.stat().st_size == 5000  # the evidence is left for the user, not deleted
