"""Lesson 3's exercises, and the capstone that checks itself."""

from __future__ import annotations

import textwrap

import pytest

from course_helpers import grade, setup_namespace, starter_code
from realdata.course import registry
from realdata.course.model import run_tests

SOL = {e.id: e.solution for e in registry.exercises_of("debugging-and-visualization")}

# the broken capstone, as the exercise notebook holds it, and the fix of each bug as a text edit
CAPSTONE_BROKEN = starter_code("3.6")
CAPSTONE_FIXES = {
    "softmax": ("        nn.Linear(128, 10),\n        nn.Softmax(dim=1),\n", "        nn.Linear(128, 10),\n"),
    "zero_grad": (
        "            loss.backward()\n",
        "            optimizer.zero_grad()\n            loss.backward()\n",
    ),
    "eval": ("        correct = 0\n", "        model.eval()\n        correct = 0\n"),
}


def _fix(code: str, *which: str) -> str:
    for w in which:
        old, new = CAPSTONE_FIXES[w]
        assert old in code
        code = code.replace(old, new)
    return code


@pytest.fixture(scope="module")
def base():
    return setup_namespace(3)


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the TensorBoard exercises write runs/ into the working folder
    return tmp_path


def first_failure(result) -> str:
    failure = result.first_failure
    assert failure is not None, f"expected a failure, got {result}"
    return failure.message


@pytest.mark.parametrize("step", ["3.1", "3.2", "3.3", "3.4"])
def test_reference_passes(step, base, in_tmp):
    assert grade(step, SOL[step], base=base).passed


@pytest.mark.slow
def test_reference_3_5_passes_from_its_own_runs(base, in_tmp):
    result = grade("3.5", SOL["3.4"] + SOL["3.5"], base=base)
    assert result.passed, str(result)


@pytest.mark.parametrize("step", ["3.1", "3.2", "3.3", "3.4", "3.5"])
def test_untouched_starter_says_what_to_do_first(step, base, in_tmp):
    result = grade(step, starter_code(step), base=base)
    assert result.not_started == registry.exercise(step).first_step


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (SOL["3.1"].replace("(32, 1, 28, 28)", "(1, 28, 28)"), "has no batch dimension"),
        (
            SOL["3.1"].replace(
                "total_params = stats.total_params", "total_params = 784 * 128 + 128 * 64 + 64 * 10"
            ),
            "counts only the weights",
        ),
        (
            SOL["3.1"].replace("hidden_output_shape = [32, 64]", "hidden_output_shape = [64]"),
            "leaves out the batch",
        ),
        (
            SOL["3.1"].replace("hidden_output_shape = [32, 64]", "hidden_output_shape = [32, 128]"),
            "is the first Linear's output",
        ),
    ],
    ids=["no-batch-dim", "weights-only", "no-batch-in-shape", "wrong-layer"],
)
def test_3_1_mistakes(code, message, base):
    assert message in first_failure(grade("3.1", code, base=base))


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (SOL["3.2"].replace("bad_layer = 3", "bad_layer = 1"), "layer 1, Linear(784, 256), is fine"),
        (
            SOL["3.2"].replace("nn.Linear(256, 64), nn.ReLU(),", "nn.Linear(128, 64), nn.ReLU(),"),
            "still fails",
        ),
        ("bad_layer = 3\nfixed = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))", "keep the same layers"),
    ],
    ids=["wrong-layer", "not-fixed", "redesigned"],
)
def test_3_2_mistakes(code, message, base):
    assert message in first_failure(grade("3.2", code, base=base))


def test_3_2_fixing_the_other_side_passes(base):
    code = """
bad_layer = 3
fixed = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
"""
    assert grade("3.2", code, base=base).passed


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "def gradient_norms(model):\n    return {n: p.grad.norm() for n, p in model.named_parameters() if p.grad is not None}",
            "the norms are tensors",
        ),
        (
            "def gradient_norms(model):\n    return {n: (p.grad.norm().item() if p.grad is not None else 0.0) for n, p in model.named_parameters()}",
            "have no gradient (frozen): skip parameters whose .grad is None",
        ),
        (
            "def gradient_norms(model):\n    return {n: p.grad.abs().sum().item() for n, p in model.named_parameters() if p.grad is not None}",
            "(use param.grad.norm())",
        ),
        (
            "def gradient_norms(model):\n    return [p.grad.norm().item() for p in model.parameters() if p.grad is not None]",
            "should return a dict",
        ),
    ],
    ids=["tensors", "frozen-included", "l1-norm", "list"],
)
def test_3_3_mistakes(code, message, base):
    assert message in first_failure(grade("3.3", code, base=base))


def test_3_3_written_differently_passes(base):
    code = """
def gradient_norms(model):
    out = {}
    for name, param in model.named_parameters():
        if param.grad is None:
            continue
        out[name] = float(torch.linalg.vector_norm(param.grad))
    return out
"""
    assert grade("3.3", code, base=base).passed


LOG = SOL["3.4"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (LOG.replace('"loss/train", loss', '"train_loss", loss'), "no 'loss/train' scalar"),
        (
            LOG.replace(
                'writer.add_scalar("accuracy/train", accuracy, epoch)',
                'writer.add_scalar("accuracy/train", 100 * accuracy, epoch)',
            ),
            "], but train_one_epoch returned the accuracies [",
        ),
        (
            LOG.replace(
                "    for epoch in range(1, epochs + 1):", "    for epoch in range(1, 2 * epochs + 1):"
            ),
            "4 points for 2 epochs: log once per epoch",
        ),
        (
            LOG.replace("writer = SummaryWriter(log_dir)", "writer = SummaryWriter('runs/somewhere-else')"),
            "no event file in the log folder",
        ),
    ],
    ids=["wrong-tag", "percent", "too-many-points", "wrong-folder"],
)
def test_3_4_mistakes(code, message, base, in_tmp):
    assert message in first_failure(grade("3.4", code, base=base))


def test_3_4_a_single_run_is_not_a_comparison(base, in_tmp):
    code = LOG.replace('train_and_log("runs/ex3.4/lr-0.01", 0.01, 3)\n', "")
    assert "no run in runs/ex3.4/lr-0.01" in first_failure(grade("3.4", code, base=base))


@pytest.mark.slow
def test_3_5_answers_are_checked_against_the_runs(base, in_tmp):
    wrong = SOL["3.4"] + SOL["3.5"].replace("diverged = 10.0", "diverged = 0.1")
    assert "your runs say lr 10.0 diverged" in first_failure(grade("3.5", wrong, base=base))
    swapped = SOL["3.4"] + SOL["3.5"].replace("crawled = 0.0001", "crawled = 0.1")
    assert "your runs say lr 0.0001 crawled" in first_failure(grade("3.5", swapped, base=base))


# --------------------------------------------------------------------------- the capstone


def capstone(code: str, base: dict):
    return run_tests(registry.exercise("3.6"), _ns(code, base))


def _ns(code, base):
    ns = dict(base)
    exec(code, ns)
    return ns


def test_capstone_broken_script_fails_exactly_three_checks(base):
    result = capstone(CAPSTONE_BROKEN, base)
    assert [o.status for o in result.outcomes] == ["failed", "failed", "failed"]
    assert result.score == 0


@pytest.mark.parametrize(("fix", "flips"), [("softmax", 0), ("zero_grad", 1), ("eval", 2)])
def test_capstone_each_fix_alone_flips_exactly_its_own_check(fix, flips, base):
    result = capstone(_fix(CAPSTONE_BROKEN, fix), base)
    statuses = [o.status for o in result.outcomes]
    assert statuses == ["passed" if i == flips else "failed" for i in range(3)]
    assert result.score == pytest.approx(1 / 3)


def test_capstone_all_fixed_passes(base):
    assert capstone(registry.exercise("3.6").solution, base).passed


@pytest.mark.slow
def test_the_doctor_names_all_three_capstone_bugs(tmp_path, capsys):
    from realdata.doctor import run_script

    script = tmp_path / "capstone.py"
    script.write_text(
        textwrap.dedent("""
        import torch
        from torch import nn, optim
        from realdata.course.checks.ex_3_6 import _capstone_loaders
        torch.manual_seed(0)
    """)
        + CAPSTONE_BROKEN
        + textwrap.dedent("""
        train_loader, test_loader = _capstone_loaders()
        train_capstone(train_loader, test_loader, 2)
    """)
    )
    result = run_script(script)
    capsys.readouterr()
    assert {
        "softmax-before-cross-entropy",
        "missing-zero-grad",
        "missing-eval-mode",
    } <= result.report.categories()
