"""The training doctor: every rule on its scenario and its fixed twin, the JSON contract,
exit codes, bad inputs, the notebook API and the pulse check."""

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
from realdata.doctor.scenarios import scenarios

SCENARIOS = {s.category: s for s in scenarios()}


def quiet_run(path, args=None, capsys=None):
    result = run_script(path, args)
    if capsys is not None:
        capsys.readouterr()
    return result


def test_every_category_has_a_scenario_pair():
    assert sorted(SCENARIOS) == sorted(CATEGORIES) and len(CATEGORIES) == 18
    for s in SCENARIOS.values():
        assert s.bug.is_file() and s.fixed.is_file() and s.about


@pytest.mark.slow
@pytest.mark.parametrize("category", CATEGORIES)
def test_rule_finds_its_bug_and_stays_quiet_on_the_fixed_twin(category, capsys):
    bug = quiet_run(SCENARIOS[category].bug, capsys=capsys)
    assert category in bug.report.categories(), str(bug.report)
    finding = next(f for f in bug.report.findings if f.category == category)
    assert finding.evidence and finding.advice and finding.severity in {"error", "warning"}
    fixed = quiet_run(SCENARIOS[category].fixed, capsys=capsys)
    assert fixed.report.findings == [], str(fixed.report)
    assert fixed.status == 0


def run_cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "realdata", "doctor", "run", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.mark.slow
def test_json_contract_and_exit_codes():
    proc = run_cli(SCENARIOS["missing-zero-grad"].bug, "--json")
    assert proc.returncode == 1
    assert proc.stdout.startswith("[0] train ")  # the script's own output comes first, unchanged
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert set(report) == {"healthy", "findings"} and report["healthy"] is False
    for f in report["findings"]:
        assert set(f) == {"category", "phase", "severity", "evidence", "advice"}
        assert f["category"] in CATEGORIES and f["phase"] in {"before", "first-iteration", "during", "after"}
    assert "missing-zero-grad" in [f["category"] for f in report["findings"]]

    healthy = run_cli(SCENARIOS["missing-zero-grad"].fixed, "--json")
    assert healthy.returncode == 0
    assert json.loads(healthy.stdout.strip().splitlines()[-1]) == {"healthy": True, "findings": []}


def write(tmp_path, name, code):
    path = tmp_path / name
    path.write_text(textwrap.dedent(code))
    return path


def test_missing_script(tmp_path):
    proc = run_cli(tmp_path / "nope.py")
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: no script at {tmp_path / 'nope.py'}"


def test_script_that_raises_at_import_keeps_its_traceback(tmp_path):
    path = write(
        tmp_path,
        "boom.py",
        """
        import torch
        raise ValueError("my own bug")
    """,
    )
    proc = run_cli(path)
    assert proc.returncode == 2
    assert "Traceback (most recent call last)" in proc.stderr and "ValueError: my own bug" in proc.stderr
    assert "training doctor: the script stopped (ValueError: my own bug)" in proc.stdout


def test_script_arguments_reach_the_script(tmp_path, capsys):
    path = write(
        tmp_path,
        "args.py",
        """
        import sys
        print("argv:", sys.argv[1:])
    """,
    )
    result = run_script(path, ["--epochs", "3"])
    assert capsys.readouterr().out == "argv: ['--epochs', '3']\n"
    assert result.status == 0
    assert "never trained" in result.report.notes[0]


def test_sys_exit_and_gpu_requests(tmp_path, capsys):
    ok = write(tmp_path, "exit0.py", "import sys\nprint('bye')\nsys.exit(0)\n")
    assert run_script(ok).status == 0
    bad = write(tmp_path, "exit3.py", "import sys\nsys.exit(3)\n")
    result = run_script(bad)
    assert result.status == 2 and "sys.exit(3)" in result.report.notes[0]
    gpu = write(tmp_path, "gpu.py", "import torch\nmodel = torch.nn.Linear(2, 2).to('cuda')\n")
    result = run_script(gpu)
    capsys.readouterr()
    if torch.cuda.is_available():
        pytest.skip("a GPU is present here")
    assert result.status == 2
    assert any("asked for a GPU" in n for n in result.report.notes)


def test_no_dataloader_still_diagnoses(tmp_path, capsys):
    path = write(
        tmp_path,
        "plain.py",
        """
        import torch
        from torch import nn
        torch.manual_seed(0)
        x, y = torch.randn(256, 20), torch.randint(0, 3, (256,))
        model = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 3))
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        for step in range(30):
            loss = nn.functional.cross_entropy(torch.softmax(model(x), dim=1), y)
            opt.zero_grad(); loss.backward(); opt.step()
    """,
    )
    result = run_script(path)
    capsys.readouterr()
    assert "softmax-before-cross-entropy" in result.report.categories()
    assert any("no DataLoader" in n for n in result.report.notes)


def test_instruments_are_removed_after_a_run(tmp_path, capsys):
    import torch.nn.functional as F

    before = (F.cross_entropy, DataLoader.__iter__, torch.Tensor.backward, torch.optim.Optimizer.zero_grad)
    run_script(SCENARIOS["softmax-before-cross-entropy"].fixed)
    capsys.readouterr()
    assert (
        F.cross_entropy,
        DataLoader.__iter__,
        torch.Tensor.backward,
        torch.optim.Optimizer.zero_grad,
    ) == before
    from torch.nn.modules import module

    assert not module._global_forward_hooks and not module._global_forward_pre_hooks


def test_expensive_statistics_are_sampled_not_taken_every_step():
    """No per-step host synchronisation beyond the loss value: gradient norms and ReLU
    statistics are taken on the first steps and then every SAMPLE_EVERY-th step."""
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
    assert rec.steps == steps
    sampled = sum(1 for k in range(steps) if k < DETAILED_FIRST or k % SAMPLE_EVERY == 0)
    assert len(rec.grad_norm_samples) == sampled < steps / 4
    assert sum(c.softmaxed is not None for c in rec.losses) == sampled


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
    assert "layer '0' (Linear) received input of shape [2, 1, 28, 28]; it expects [..., 784]" in f.evidence


def test_preflight_sees_sorted_data_and_a_test_set_leak():
    torch.manual_seed(0)
    x, y = torch.randn(640, 1, 28, 28), torch.arange(10).repeat_interleave(64)
    data = TensorDataset(x, y)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    doctor = Doctor(
        model,
        DataLoader(data, batch_size=64),
        nn.CrossEntropyLoss(),
        torch.optim.Adam(model.parameters()),
        test_loader=DataLoader(data, batch_size=64),
    )
    assert {"unshuffled-sorted-data", "test-set-leak"} <= doctor.preflight().categories()


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
