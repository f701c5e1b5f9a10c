"""Issue 14 on the CPU: device-resident batches, the sync-free runner, the static-buffer step and
the compiled step all mean what the lesson's loop means. Tests that need a GPU are marked
``cuda`` and skip without one; on a GPU they run with ``torch.cuda.set_sync_debug_mode("error")``.
"""

from __future__ import annotations

import copy

import pytest
import torch
from torch import nn

from realdata.data.device_loader import DeviceBatches
from realdata.data.loaders import make_loaders
from realdata.errors import ConfigError
from realdata.models import ImprovedMLP, SimpleMLP
from realdata.training import fast
from realdata.training.loop import evaluate, train_one_epoch


def cuda(test):  # noqa: ANN001, ANN201
    """Marked ``cuda`` (select with ``-m cuda``), and skipped where there is no GPU."""
    return pytest.mark.cuda(
        pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")(test)
    )


@pytest.mark.parametrize("limit", [1000, 65])  # 65: the lone last image is dropped alike
def test_device_batches_on_the_cpu_equal_the_fast_loader(mnist_root, limit):
    plain = make_loaders(mnist_root, seed=3, limit=limit)
    moved = make_loaders(mnist_root, seed=3, limit=limit)
    train, test = DeviceBatches.from_loaders(moved, "cpu")
    for _epoch in range(3):  # each epoch draws a new order from the same generator
        a, b = list(plain.train), list(train)
        assert len(a) == len(b) == len(train)
        for (xa, ya), (xb, yb) in zip(a, b, strict=True):
            assert torch.equal(xa, xb) and torch.equal(ya, yb)
    for (xa, ya), (xb, yb) in zip(plain.test, test, strict=True):
        assert torch.equal(xa, xb) and torch.equal(ya, yb)
    assert torch.equal(plain.generator.get_state(), moved.generator.get_state())  # same draws taken


def _twins(model_cls):  # noqa: ANN001, ANN202
    torch.manual_seed(0)
    a = model_cls()
    b = copy.deepcopy(a)
    return (a, torch.optim.Adam(a.parameters(), lr=1e-3)), (b, torch.optim.Adam(b.parameters(), lr=1e-3))


@pytest.mark.parametrize("model_cls", [SimpleMLP, ImprovedMLP])
@pytest.mark.parametrize("runner", ["eager", "static"])
def test_the_sync_free_runner_equals_the_lessons_loop(mnist_root, model_cls, runner):
    loaders = make_loaders(mnist_root, seed=0, limit=640)
    fast_loaders = make_loaders(mnist_root, seed=0, limit=640)
    train, test = DeviceBatches.from_loaders(fast_loaders, "cpu")
    (m1, o1), (m2, o2) = _twins(model_cls)
    loss_fn = nn.CrossEntropyLoss()
    torch.manual_seed(1)  # dropout draws from the global generator: the same draws in both
    plain = [
        (
            *train_one_epoch(m1, loaders.train, loss_fn, o1, progress=False),
            *evaluate(m1, loaders.test, loss_fn),
        )
        for _ in range(2)
    ]
    torch.manual_seed(1)
    example = next(iter(DeviceBatches.from_loaders(make_loaders(mnist_root, seed=0, limit=640), "cpu")[0]))
    step = fast.StepRunner(m2, loss_fn, o2, example) if runner == "static" else None
    history = fast.fit(m2, train, test, loss_fn, o2, epochs=2, step=step)
    for (tl, ta, vl, va), r in zip(plain, history, strict=True):
        assert r.train_accuracy == ta and r.test_accuracy == va
        assert r.train_loss == pytest.approx(tl, rel=1e-6) and r.test_loss == pytest.approx(vl, rel=1e-6)
    for p1, p2 in zip(m1.parameters(), m2.parameters(), strict=True):
        assert torch.equal(p1, p2)  # the same updates, bit for bit


def test_the_compiled_step_runs_on_the_cpu_with_aot_eager(mnist_root):
    loaders = make_loaders(mnist_root, seed=0, limit=256)
    train, test = DeviceBatches.from_loaders(loaders, "cpu")
    (m1, o1), (m2, o2) = _twins(SimpleMLP)
    loss_fn = nn.CrossEntropyLoss()
    eager = fast.fit(m1, train, test, loss_fn, o1, epochs=1)
    train2, test2 = DeviceBatches.from_loaders(make_loaders(mnist_root, seed=0, limit=256), "cpu")
    compiled = fast.fit(
        m2,
        train2,
        test2,
        loss_fn,
        o2,
        epochs=1,
        step=fast.compiled_step(m2, loss_fn, o2, backend="aot_eager", mode=None),
    )
    assert compiled[0].train_accuracy == eager[0].train_accuracy
    assert compiled[0].train_loss == pytest.approx(eager[0].train_loss, rel=1e-5)
    for p1, p2 in zip(m1.parameters(), m2.parameters(), strict=True):
        torch.testing.assert_close(p1, p2, rtol=1e-5, atol=1e-6)


def test_asking_for_cuda_without_a_gpu_is_one_clear_line(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ConfigError, match="no CUDA GPU is available here") as caught:
        fast.resolve_device("cuda")
    assert "\n" not in str(caught.value)
    assert fast.resolve_device("auto") == torch.device("cpu")
    from click.testing import CliRunner

    from realdata.cli import cli

    result = CliRunner().invoke(cli, ["run", "--device", "cuda", "--limit", "64", "--epochs", "1"])
    assert result.exit_code == 1 and result.output.startswith("error: --device cuda: no CUDA GPU")


@cuda
def test_the_captured_step_has_no_hidden_sync_and_matches_eager(mnist_root):
    loaders = make_loaders(mnist_root, seed=0, limit=2048)
    train, test = DeviceBatches.from_loaders(loaders, "cuda")
    torch.manual_seed(0)
    model = SimpleMLP().cuda()
    twin = copy.deepcopy(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, capturable=True)
    twin_opt = torch.optim.Adam(twin.parameters(), lr=1e-3, capturable=True)
    loss_fn = nn.CrossEntropyLoss()
    batches = list(train)
    runner = fast.StepRunner(model, loss_fn, optimizer, batches[0])
    runner.capture(warmup=batches[:3])
    torch.cuda.set_sync_debug_mode("error")
    try:
        for images, labels in batches:
            runner.step(images, labels)
    finally:
        torch.cuda.set_sync_debug_mode("default")
    eager = fast.eager_step(twin, loss_fn, twin_opt)
    for images, labels in batches:
        eager(images, labels)
    for p1, p2 in zip(model.parameters(), twin.parameters(), strict=True):
        torch.testing.assert_close(p1, p2, rtol=1e-4, atol=1e-5)
