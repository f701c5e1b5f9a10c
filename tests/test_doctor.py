"""The training doctor end to end: the scenario suites, the JSON contract, exit codes, bad inputs,
instruments that survive unusual (valid) scripts, the notebook API and the pulse check.

The threshold of every rule is tested on synthetic recordings in ``test_doctor_rules.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from realdata.doctor import CATEGORIES, Doctor, gradient_health, log_gradient_norms, run_script
from realdata.doctor.instrument import DETAILED_FIRST, SAMPLE_EVERY, Recorder
from realdata.doctor.scenarios import cases, scenarios

SCENARIOS = {s.category: s for s in scenarios()}
INDEPENDENT = [c for c in cases("independent") if c.expect != "error"]


def quiet_run(path, args=None, capsys=None, **kw):
    result = run_script(path, args, **kw)
    if capsys is not None:
        capsys.readouterr()
    return result


def test_every_scenario_category_has_a_pair_and_the_independent_suite_covers_every_category():
    assert set(SCENARIOS) <= set(CATEGORIES) and len(SCENARIOS) == 18
    for s in SCENARIOS.values():
        assert s.bug.is_file() and s.fixed.is_file() and s.about
    planted = {c.expect for c in cases("independent")} - {"healthy", "error"}
    assert planted <= set(CATEGORIES)
    for category in SCENARIOS:  # at least three independent scripts per category
        assert sum(c.expect == category for c in cases("independent")) >= 3, category


@pytest.mark.slow
@pytest.mark.parametrize("category", sorted(SCENARIOS))
def test_public_suite_rule_finds_its_bug_and_stays_quiet_on_the_fixed_twin(category, capsys):
    bug = quiet_run(SCENARIOS[category].bug, capsys=capsys)
    assert category in bug.report.categories(), str(bug.report)
    finding = next(f for f in bug.report.findings if f.category == category)
    assert finding.evidence and finding.advice and finding.severity in {"error", "warning"}
    fixed = quiet_run(SCENARIOS[category].fixed, capsys=capsys)
    assert fixed.report.findings == [], str(fixed.report)
    assert fixed.status == 0


@pytest.mark.slow
@pytest.mark.parametrize("case", INDEPENDENT, ids=[c.name for c in INDEPENDENT])
def test_independent_suite(case, capsys):
    """Scripts written by others from the category descriptions alone (see scenarios/independent)."""
    result = quiet_run(case.path, capsys=capsys)
    if case.expect == "healthy":
        assert result.report.findings == [], str(result.report)
    else:
        assert case.expect in result.report.categories(), str(result.report)


def run_cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "realdata", "doctor", "run", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.mark.slow
def test_json_contract_exit_codes_and_live_findings():
    proc = run_cli(SCENARIOS["missing-zero-grad"].bug, "--json")
    assert proc.returncode == 1
    assert proc.stdout.startswith("[0] train ")  # the script's own output comes first, unchanged
    assert "[doctor] step " in proc.stderr and ": missing-zero-grad: " in proc.stderr  # said as soon as seen
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert (
        set(report) == {"healthy", "findings", "unchecked", "notes", "script"} and report["healthy"] is False
    )
    for f in report["findings"]:
        assert set(f) == {"category", "phase", "severity", "evidence", "advice", "step", "epoch"}
        assert f["category"] in CATEGORIES and f["phase"] in {"before", "first-iteration", "during", "after"}
        assert f["step"] >= 1 and f["epoch"] >= 1
    assert "missing-zero-grad" in [f["category"] for f in report["findings"]]
    assert report["script"]["ended"] == "completed" and report["script"]["exit_status"] == 0

    healthy = run_cli(SCENARIOS["missing-zero-grad"].fixed, "--json")
    assert healthy.returncode == 0
    report = json.loads(healthy.stdout.strip().splitlines()[-1])
    assert report["healthy"] is True and report["findings"] == [] and report["unchecked"] == []


def write(tmp_path, name, code):
    path = tmp_path / name
    path.write_text(textwrap.dedent(code))
    return path


# --------------------------------------------------------------------------- bad input


def test_missing_script(tmp_path):
    proc = run_cli(tmp_path / "nope.py")
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: no script at {tmp_path / 'nope.py'}"


def test_not_python_and_syntax_errors_get_one_clear_line(tmp_path):
    text = write(tmp_path, "notes.txt", "Train the model for three epochs, then test it.\n")
    result = run_script(text)
    assert result.status == 2 and result.report.script.ended == "not-run"
    assert "is not valid Python" in str(result.report)
    binary = tmp_path / "model.pt"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary\x00")
    assert "is not a Python script" in str(run_script(binary).report)


def test_script_that_raises_keeps_its_traceback(tmp_path):
    path = write(tmp_path, "boom.py", 'import torch\nraise ValueError("my own bug")\n')
    proc = run_cli(path, "--json")
    assert proc.returncode == 2
    assert "Traceback (most recent call last)" in proc.stderr and "ValueError: my own bug" in proc.stderr
    assert "runpy" not in proc.stderr  # the traceback starts at the script, as `python boom.py` shows it
    script = json.loads(proc.stdout.strip().splitlines()[-1])["script"]
    assert script["ended"] == "error" and script["error"] == "ValueError: my own bug"
    assert 'raise ValueError("my own bug")' in script["traceback"]


def test_script_arguments_reach_the_script_and_argparse_errors_are_shown(tmp_path, capsys):
    path = write(
        tmp_path,
        "args.py",
        """
        import argparse
        parser = argparse.ArgumentParser()
        parser.add_argument("data")
        parser.add_argument("--epochs", type=int, default=1)
        print("args:", vars(parser.parse_args()))
    """,
    )
    result = run_script(path, ["mnist", "--epochs", "3"])
    assert capsys.readouterr().out == "args: {'data': 'mnist', 'epochs': 3}\n"
    assert result.status == 0
    result = run_script(path, [])
    err = capsys.readouterr().err
    assert "the following arguments are required: data" in err  # argparse's own message, unchanged
    assert result.status == 2 and result.report.script.exit_status == 2
    assert "sys.exit and ended with status 2" in str(result.report)


def test_sys_exit_code_and_message_are_kept(tmp_path, capsys):
    ok = write(tmp_path, "exit0.py", "import sys\nprint('bye')\nsys.exit(0)\n")
    assert run_script(ok).status == 0
    three = run_script(write(tmp_path, "exit3.py", "import sys\nsys.exit(3)\n"))
    assert three.status == 2 and three.report.script.exit_status == 3
    said = run_script(write(tmp_path, "said.py", "import sys\nsys.exit('done: accuracy 0.93')\n"))
    assert capsys.readouterr().err.strip() == "done: accuracy 0.93"  # as Python prints it
    assert said.report.script.exit_message == "done: accuracy 0.93" and said.report.script.exit_status == 1
    assert said.report.to_dict()["script"]["exit_message"] == "done: accuracy 0.93"


# --------------------------------------------------------------------------- instruments on unusual scripts


def _train(model, batches, loss_fn, epochs=1, lr=0.05, evaluate=None):  # noqa: ANN001
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(epochs):
        for x, y in batches:
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()
        if evaluate is not None:
            evaluate(model)


def _blobs(n=512, d=8, classes=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    y = torch.randint(0, classes, (n,), generator=g)
    x = torch.randn(n, d, generator=g) * 0.5
    x[torch.arange(n), y] += 2.0
    return x, y


def test_zero_d_targets_and_unbatched_samples_do_not_trip_the_instruments():
    x, y = _blobs(200)
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))
    with Recorder() as rec:
        _train(model, [(x[i], y[i]) for i in range(200)], nn.functional.cross_entropy)  # x: [8], y: 0-d
    assert rec.recording.notes == [] and len(rec.recording.trained()) == 200
    assert rec.recording.forwards[0].labels.tolist() == [int(y[0])]


def test_tuple_and_dict_outputs_and_integer_inputs():
    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.Embedding(50, 8)
            self.head = nn.Linear(8, 3)

        def forward(self, tokens):  # noqa: ANN001, ANN202
            h = self.emb(tokens).mean(dim=1)
            return {"logits": self.head(h), "hidden": h}, h

    tokens = torch.randint(0, 50, (256, 5))
    y = tokens[:, 0] % 3
    model = Net()
    with Recorder() as rec:
        _train(
            model,
            zip(tokens.split(32), y.split(32), strict=True),
            lambda out, t: nn.functional.cross_entropy(out[0]["logits"], t),
        )
        counts = torch.bincount(model(tokens)[0]["logits"].argmax(1), minlength=3)  # integer tensors
    assert rec.recording.notes == [] and counts.sum() == 256
    assert rec.recording.trained()[0].out_dim == 3 and not rec.recording.float_inputs


def test_a_script_that_catches_exceptions_and_sets_threads_runs_unchanged(tmp_path, capsys):
    path = write(
        tmp_path,
        "careful.py",
        """
        import torch
        from torch import nn
        torch.set_num_threads(1)
        torch.manual_seed(0)
        x = torch.randn(256, 8); y = (x[:, 0] > 0).long()
        model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
        opt = torch.optim.Adam(model.parameters(), lr=1e-2)
        for step in range(60):
            try:
                i = torch.randint(0, 256, (32,))
                loss = nn.functional.cross_entropy(model(x[i]), y[i])
                opt.zero_grad(); loss.backward(); opt.step()
                if step == 30:
                    raise RuntimeError("a flaky logger")
            except RuntimeError as err:
                print("caught:", err)
        print("threads", torch.get_num_threads())
    """,
    )
    result = run_script(path)
    out = capsys.readouterr().out
    assert "caught: a flaky logger" in out and "threads 1" in out
    assert result.report.script.ended == "completed" and not result.report.notes


def test_dataloader_workers(capsys):
    x, y = _blobs(512)
    loader = DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True, num_workers=2)
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))
    with Recorder() as rec:
        _train(model, loader, nn.CrossEntropyLoss(), epochs=2)
    info = next(iter(rec.recording.loaders.values()))
    assert info.passes == 2 and info.exhausted == 2 and rec.recording.notes == []
    assert all(f.loader == info.id for f in rec.recording.trained())


def test_transforms_are_not_models_and_mid_epoch_validation_is_not_training():
    from torchvision import transforms

    x, y = _blobs(640)
    norm = transforms.Normalize(mean=[0.0], std=[1.0])

    class Normalised(torch.utils.data.Dataset):
        def __len__(self) -> int:
            return 512

        def __getitem__(self, i):  # noqa: ANN001, ANN204
            return norm(x[i].view(1, 1, 8)).view(8), y[i]

    train = DataLoader(Normalised(), batch_size=32, shuffle=True)
    test = DataLoader(TensorDataset(x[512:], y[512:]), batch_size=64)
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    with Recorder() as rec:
        for step, (xb, yb) in enumerate(train):
            opt.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
            if step % 5 == 4:  # validation on the whole test loader, in the middle of the epoch
                with torch.no_grad():
                    for xt, _yt in test:
                        model(xt)
    recording = rec.recording
    assert recording.models == ["Sequential"]  # not Normalize
    assert {f.loader for f in recording.trained()} == {id(train)}
    assert {f.loader for f in recording.evaluated()} == {id(test)}
    assert len(recording.trained()) == 16


def test_a_model_of_raw_tensors_is_watched_through_the_autograd_graph(tmp_path, capsys):
    path = write(
        tmp_path,
        "raw.py",
        """
        import torch
        torch.manual_seed(0)
        x = torch.randn(512, 8); y = (x[:, 0] > 0).long()
        w1 = torch.randn(8, 16, requires_grad=True); b1 = torch.zeros(16, requires_grad=True)
        w2 = torch.randn(16, 2, requires_grad=True)
        opt = torch.optim.SGD([b1, w2], lr=0.1)  # w1 left out
        for epoch in range(3):
            for i in range(0, 512, 32):
                out = torch.relu(x[i:i+32] @ w1 + b1) @ w2
                loss = torch.nn.functional.cross_entropy(out, y[i:i+32])
                opt.zero_grad(); loss.backward(); opt.step()
    """,
    )
    result = quiet_run(path, capsys=capsys)
    frozen = next(f for f in result.report.findings if f.category == "frozen-parameters")
    assert "tensor[8, 16] (in no optimizer param group)" in frozen.evidence


def test_an_instrument_that_fails_turns_itself_off_and_says_so(monkeypatch):
    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("unexpected")

    monkeypatch.setattr(Recorder, "_on_loss", broken)
    x, y = _blobs(256)
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))
    with Recorder() as rec:
        _train(model, zip(x.split(32), y.split(32), strict=True), nn.functional.cross_entropy)
    assert any("loss instrument was turned off" in n for n in rec.recording.notes)
    assert len(rec.recording.trained()) == 8  # the training itself went on


def test_instruments_are_removed_after_a_run(capsys):
    import torch.nn.functional as F
    from torch.utils.data.dataloader import _BaseDataLoaderIter

    before = (F.cross_entropy, DataLoader.__iter__, _BaseDataLoaderIter.__next__, torch.autograd.backward)
    run_script(SCENARIOS["softmax-before-cross-entropy"].fixed)
    capsys.readouterr()
    after = (F.cross_entropy, DataLoader.__iter__, _BaseDataLoaderIter.__next__, torch.autograd.backward)
    assert after == before
    from torch.nn.modules import module

    assert not module._global_forward_hooks and not module._global_forward_pre_hooks


def test_expensive_statistics_are_sampled_not_taken_every_step():
    """Gradient norms and loss-input checks run on the first steps and then every SAMPLE_EVERY-th."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loader = DataLoader(TensorDataset(torch.randn(6400, 10), torch.randint(0, 2, (6400,))), batch_size=32)
    with Recorder() as rec:
        for x, y in loader:
            loss = nn.functional.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
    steps = 200
    assert rec.recording.steps == steps
    sampled = sum(1 for k in range(steps) if k < DETAILED_FIRST or k % SAMPLE_EVERY == 0)
    assert len(rec.recording.grads) == sampled < steps / 4
    assert sum(c.checked for c in rec.recording.losses) == sampled


def test_fast_stops_once_every_rule_has_its_evidence(tmp_path, capsys):
    path = write(
        tmp_path,
        "long.py",
        """
        import torch
        from torch import nn
        from torch.utils.data import DataLoader, TensorDataset
        torch.manual_seed(0)
        x = torch.randn(2048, 8); y = (x[:, 0] > 0).long()
        train = DataLoader(TensorDataset(x[:1536], y[:1536]), batch_size=32, shuffle=True)
        test = DataLoader(TensorDataset(x[1536:], y[1536:]), batch_size=256)
        model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for epoch in range(40):
            for xb, yb in train:
                opt.zero_grad(); nn.functional.cross_entropy(model(xb), yb).backward(); opt.step()
            with torch.no_grad():
                acc = sum((model(xb).argmax(1) == yb).sum().item() for xb, yb in test) / 512
            print("epoch", epoch, acc)
    """,
    )
    full = quiet_run(path, capsys=capsys)
    fast = run_script(path, fast=True)
    out = capsys.readouterr().out
    assert full.report.findings == [] and fast.report.findings == []
    assert fast.report.script.ended == "stopped-early" and out.count("epoch") < 10
    assert set(fast.report.unchecked) == {"overfitting"}
    assert fast.report.unchecked["overfitting"] == "the run was stopped early by --fast"


# --------------------------------------------------------------------------- notebook API


def _mnist_like(n=512, seed=0):
    """Random images whose labels follow from them (a fixed projection), so there is something to learn."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 1, 28, 28, generator=g)
    y = (x.flatten(1) @ torch.randn(784, 10, generator=torch.Generator().manual_seed(99))).argmax(dim=1)
    return DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True)


def test_preflight_on_a_healthy_model_finds_nothing_and_changes_nothing():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    doctor = Doctor(
        model, _mnist_like(), nn.CrossEntropyLoss(), torch.optim.Adam(model.parameters()), _mnist_like(seed=1)
    )
    report = doctor.preflight()
    assert report.findings == [], str(report)
    assert "Trainable params: 50,890" in doctor.summary  # the torchinfo X-ray
    assert set(doctor.gradient_norms) == {"1.weight", "1.bias", "3.weight", "3.bias"}
    assert all(torch.equal(v, before[k]) for k, v in model.state_dict().items())
    assert all(p.grad is None for p in model.parameters())


def test_preflight_catches_a_missing_flatten_before_training():
    model = nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))
    report = Doctor(
        model, _mnist_like(), nn.CrossEntropyLoss(), torch.optim.Adam(model.parameters())
    ).preflight()
    f = next(f for f in report.findings if f.category == "shape-mismatch")
    assert f.phase == "before"
    assert (
        "layer '0' (Linear(in_features=784, out_features=64, bias=True)) received input of shape [2, 1, 28, 28]"
        in f.evidence
    )


def test_preflight_sees_sorted_data():
    torch.manual_seed(0)
    x, y = torch.randn(640, 1, 28, 28), torch.arange(10).repeat_interleave(64)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    doctor = Doctor(
        model,
        DataLoader(TensorDataset(x, y), batch_size=64),
        nn.CrossEntropyLoss(),
        torch.optim.Adam(model.parameters()),
    )
    assert "unshuffled-sorted-data" in doctor.preflight().categories()


def test_watch_and_diagnose_a_hand_written_loop():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    doctor = Doctor(model, _mnist_like(n=1280), nn.CrossEntropyLoss(), opt)
    with doctor.watch():
        for x, y in doctor.train_loader:
            loss = doctor.loss_fn(model(x), y)
            loss.backward()  # no zero_grad: gradients pile up
            opt.step()
    report = doctor.diagnose()
    assert "missing-zero-grad" in report.categories()
    assert "<table>" in report._repr_html_()


# --------------------------------------------------------------------------- the pulse


def test_log_gradient_norms_matches_torch(capsys):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    model(torch.randn(16, 4)).pow(2).mean().backward()
    norms = log_gradient_norms(model)
    printed = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in printed] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    for name, p in model.named_parameters():
        assert norms[name] == pytest.approx(torch.linalg.vector_norm(p.grad).item())


def test_gradient_health_rule():
    assert gradient_health({"0.weight": 0.03, "2.weight": 0.5}).verdict == "healthy"
    vanishing = gradient_health({"0.weight": 1e-7, "4.weight": 0.03})
    assert vanishing.verdict == "vanishing" and "300,000x smaller" in vanishing.reason
    assert gradient_health({"0.weight": 0.1, "2.weight": 250.0}).verdict == "exploding"
    assert gradient_health({"0.weight": float("nan"), "2.weight": 1.0}).verdict == "exploding"
