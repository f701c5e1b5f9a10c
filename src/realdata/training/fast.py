"""The same training as ``loop.py``, arranged for a GPU: no host sync inside an epoch, the step captured.

At the lesson's batch size (64, so 938 steps an epoch) a small MLP on a GPU is bound by
kernel launches and host syncs, not arithmetic. ``loop.train_one_epoch`` calls
``loss.item()`` every step, which waits for the GPU each time; that is right for teaching
and stays as it is. Here:

* ``train_epoch`` and ``evaluate`` add loss and correct counts up *on the device* and read
  them once per epoch;
* ``StepRunner`` keeps static input buffers, so the whole step (forward, loss, backward,
  Adam) can be captured as a CUDA graph and replayed with one launch; a batch of another
  size (MNIST's last batch has 32 images) runs eagerly. On the CPU it runs eagerly and
  equals the plain loop;
* or ``torch.compile`` the step (``mode="reduce-overhead"`` on CUDA; ``backend="aot_eager"``
  tests the same path on the CPU).

The meaning is the lesson's loop, and the tests hold them equal on the CPU.
"""

from __future__ import annotations

import copy
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from realdata.config import DEVICES
from realdata.errors import ConfigError
from realdata.training.loop import EpochResult


def resolve_device(name: str) -> torch.device:
    """``auto``: CUDA when available, else the CPU. Asking for ``cuda`` without a GPU is one clear error."""
    if name not in DEVICES:
        raise ConfigError(f"unknown device {name!r}; choose one of {', '.join(DEVICES)}")
    if name == "cuda" and not torch.cuda.is_available():
        raise ConfigError(
            "--device cuda: no CUDA GPU is available here (torch.cuda.is_available() is False); use --device cpu"
        )
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def reproducible_cuda(*, tf32: bool = False) -> None:
    """Deterministic kernels where CUDA has them, and TF32 off unless asked for (it rounds matmuls to
    10-bit mantissas: faster, and other numbers than the CPU's)."""
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # cuBLAS needs it for determinism
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.backends.cudnn.allow_tf32 = tf32


def device_name(device: torch.device) -> str:
    return torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU"


def sync(device: torch.device) -> None:
    """Before reading a clock: wait for the GPU's queued work, or the time measures only the launches."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


class StepRunner:
    """One training step through static buffers: eager, or replayed as a captured CUDA graph.

    ``step(images, labels)`` copies the batch into the static input buffers and runs forward,
    loss, backward and the optimizer step, leaving the batch's summed loss and correct count in
    ``loss_sum`` and ``correct`` (device tensors, never read here).
    """

    def __init__(
        self,
        model: nn.Module,
        loss_fn: nn.Module,
        optimizer: torch.optim.Optimizer,
        example: tuple[Tensor, Tensor],
    ) -> None:
        self.model, self.loss_fn, self.optimizer = model, loss_fn, optimizer
        images, labels = example
        self.static_images = torch.empty_like(images)  # [B, 1, 28, 28]
        self.static_labels = torch.empty_like(labels)  # [B]
        device = images.device
        self.loss_sum = torch.zeros((), device=device)
        self.correct = torch.zeros((), dtype=torch.int64, device=device)
        self.graph: torch.cuda.CUDAGraph | None = None
        self.capturing = False
        self.capture_seconds = 0.0

    def _body(self, images: Tensor, labels: Tensor) -> tuple[Tensor, Tensor]:
        outputs = self.model(images)  # logits [B, 10]
        loss = self.loss_fn(outputs, labels)
        # a captured graph reads and writes the same .grad tensors every replay: they must stay allocated
        self.optimizer.zero_grad(set_to_none=not self.capturing and self.graph is None)
        loss.backward()
        self.optimizer.step()
        n = labels.shape[0]
        return loss.detach() * n, (outputs.detach().argmax(dim=1) == labels).sum()

    def capture(self, warmup: Iterable[tuple[Tensor, Tensor]] = ()) -> None:
        """Capture the step as a CUDA graph (CUDA only). Warm-up steps run on a side stream and are
        then undone (weights, optimizer state, RNG), so capturing changes no number."""
        if self.static_images.device.type != "cuda":
            raise RuntimeError("CUDA graphs need the model and batches on a CUDA device")
        start = time.perf_counter()
        saved_model = copy.deepcopy(self.model.state_dict())
        saved_opt = copy.deepcopy(self.optimizer.state_dict())
        saved_rng = torch.cuda.get_rng_state()
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for images, labels in warmup:
                self.static_images.copy_(images)
                self.static_labels.copy_(labels)
                self._body(self.static_images, self.static_labels)
        torch.cuda.current_stream().wait_stream(side)
        self.model.load_state_dict(saved_model)
        self.optimizer.load_state_dict(saved_opt)
        torch.cuda.set_rng_state(saved_rng)
        self.optimizer.zero_grad(set_to_none=True)
        self.graph = torch.cuda.CUDAGraph()
        self.capturing = True
        try:
            with torch.cuda.graph(self.graph):
                self.static_loss_sum, self.static_correct = self._body(self.static_images, self.static_labels)
        finally:
            self.capturing = False
        torch.cuda.synchronize()
        self.capture_seconds = time.perf_counter() - start

    def step(self, images: Tensor, labels: Tensor) -> None:
        if self.graph is not None and images.shape == self.static_images.shape:
            self.static_images.copy_(images)
            self.static_labels.copy_(labels)
            self.graph.replay()
            self.loss_sum += self.static_loss_sum
            self.correct += self.static_correct
            return
        loss_sum, correct = self._body(images, labels)  # eager: any batch size (the last, smaller one)
        self.loss_sum += loss_sum
        self.correct += correct


def train_epoch(
    model: nn.Module,
    batches: Iterable[tuple[Tensor, Tensor]],
    step: Callable[[Tensor, Tensor], tuple[Tensor, Tensor]] | StepRunner,
) -> tuple[float, float]:
    """One epoch; loss and accuracy are summed on the device and read once, at the end."""
    model.train()
    if isinstance(step, StepRunner):
        step.loss_sum.zero_()
        step.correct.zero_()
        seen = 0
        for images, labels in batches:
            step.step(images, labels)
            seen += labels.shape[0]
        totals = torch.stack([step.loss_sum.double(), step.correct.double()]).tolist()  # the one sync
        return totals[0] / seen, totals[1] / seen
    loss_sum = correct = None
    seen = 0
    for images, labels in batches:
        batch_loss, batch_correct = step(images, labels)
        loss_sum = batch_loss if loss_sum is None else loss_sum + batch_loss
        correct = batch_correct if correct is None else correct + batch_correct
        seen += labels.shape[0]
    totals = torch.stack([loss_sum.double(), correct.double()]).tolist()
    return totals[0] / seen, totals[1] / seen


@torch.no_grad()
def evaluate(
    model: nn.Module, batches: Iterable[tuple[Tensor, Tensor]], loss_fn: nn.Module
) -> tuple[float, float]:
    """The lesson's evaluation (eval mode, no_grad), summed on the device and read once."""
    model.eval()
    loss_sum = correct = None
    seen = 0
    for images, labels in batches:
        outputs = model(images)  # [B, 10]
        batch_loss = loss_fn(outputs, labels) * labels.shape[0]
        batch_correct = (outputs.argmax(dim=1) == labels).sum()
        loss_sum = batch_loss if loss_sum is None else loss_sum + batch_loss
        correct = batch_correct if correct is None else correct + batch_correct
        seen += labels.shape[0]
    totals = torch.stack([loss_sum.double(), correct.double()]).tolist()
    return totals[0] / seen, totals[1] / seen


def eager_step(
    model: nn.Module, loss_fn: nn.Module, optimizer: torch.optim.Optimizer
) -> Callable[[Tensor, Tensor], tuple[Tensor, Tensor]]:
    """The heartbeat as a function of one batch, returning device tensors (summed loss, correct)."""

    def step(images: Tensor, labels: Tensor) -> tuple[Tensor, Tensor]:
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.detach() * labels.shape[0], (outputs.detach().argmax(dim=1) == labels).sum()

    return step


def compiled_step(
    model: nn.Module,
    loss_fn: nn.Module,
    optimizer: torch.optim.Optimizer,
    *,
    backend: str = "inductor",
    mode: str | None = "reduce-overhead",
) -> Callable:
    """``eager_step`` through ``torch.compile`` (on the CPU, ``backend="aot_eager", mode=None`` tests it)."""
    return torch.compile(eager_step(model, loss_fn, optimizer), backend=backend, mode=mode)


@dataclass
class FastTiming:
    """Seconds spent apart from the epochs: capturing a graph or compiling the step."""

    capture_s: float = 0.0
    compile_s: float = 0.0


def fit(
    model: nn.Module,
    train: Iterable[tuple[Tensor, Tensor]],
    test: Iterable[tuple[Tensor, Tensor]],
    loss_fn: nn.Module,
    optimizer: torch.optim.Optimizer,
    *,
    epochs: int,
    step: Callable | StepRunner | None = None,
    device: torch.device | str = "cpu",
    history: list[EpochResult] | None = None,
    on_epoch: Callable[[EpochResult], None] | None = None,
) -> list[EpochResult]:
    """``loop.fit`` without a host sync inside an epoch; each epoch's time is read after a synchronize.

    Args:
        history: epochs already done (a resumed run); training continues after them.
        on_epoch: called with each finished epoch (to log it, to checkpoint).
    """
    device = torch.device(device)
    step = step or eager_step(model, loss_fn, optimizer)
    history = list(history or [])
    for epoch in range(len(history) + 1, epochs + 1):
        sync(device)
        t0 = time.perf_counter()
        train_loss, train_acc = train_epoch(model, train, step)
        test_loss, test_acc = evaluate(model, test, loss_fn)
        sync(device)
        result = EpochResult(epoch, train_loss, train_acc, test_loss, test_acc, time.perf_counter() - t0)
        history.append(result)
        if on_epoch is not None:
            on_epoch(result)
    return history
