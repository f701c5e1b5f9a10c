"""The doctor in a notebook: ``Doctor(model, train_loader, loss_fn, optimizer, test_loader)``.

doctor = Doctor(model, train_loader, loss_fn, optimizer, test_loader)
doctor.preflight()          # phases 1 and 2: shapes (torchinfo), one forward/backward, the data
with doctor.watch():        # phase 3: your own loop, unchanged, under the same instruments
    for epoch in range(3):
        ...
doctor.diagnose()           # phase 4: findings by symptom
"""

from __future__ import annotations

import copy
import io
from contextlib import redirect_stdout

import torch
from torch import nn
from torch.utils.data import DataLoader

from realdata.doctor.diagnosis import Diagnosis
from realdata.doctor.findings import Report, ScriptEnd
from realdata.doctor.gradients import gradient_health, log_gradient_norms
from realdata.doctor.instrument import Recorder

PREFLIGHT = (
    "shape-mismatch",
    "unnormalized-inputs",
    "softmax-before-cross-entropy",
    "wrong-loss-for-classification",
    "exploding-gradients",
    "vanishing-gradients",
    "unshuffled-sorted-data",
    "test-set-leak",
)


class Doctor:
    """The 4-phase checklist for a model, its data, loss and optimizer."""

    def __init__(
        self,
        model: nn.Module,
        train_loader: DataLoader,
        loss_fn: nn.Module,
        optimizer: torch.optim.Optimizer,
        test_loader: DataLoader | None = None,
    ) -> None:
        self.model, self.train_loader, self.loss_fn = model, train_loader, loss_fn
        self.optimizer, self.test_loader = optimizer, test_loader
        self.diagnosis = Diagnosis()
        self.recorder = Recorder(on_check=self.diagnosis.check)
        self.summary = ""
        self.gradient_norms: dict[str, float] = {}

    def preflight(self, batches: int = 8) -> Report:
        """Phases 1 and 2 without training: the model and optimizer are left exactly as they were.

        torchinfo's summary (the X-ray), then a few forward/backward passes on training
        batches (the first-iteration pulse, what goes into the loss, the batches' labels),
        and, if there is a test loader, one evaluation batch. No optimizer step is taken.
        """
        saved = copy.deepcopy(self.model.state_dict())
        was_training = self.model.training
        diagnosis = Diagnosis()
        probe = Recorder()
        end = ScriptEnd(path="preflight")
        try:
            with probe:
                x, _ = next(iter(self.train_loader))
                self.summary = _summary(self.model, x)  # the X-ray: shapes before any training
                self.model.train()
                for i, (xb, yb) in enumerate(self.train_loader):
                    if i >= batches:
                        break
                    self.model.zero_grad()
                    loss = self.loss_fn(self.model(xb), yb)
                    loss.backward()
                    if i == 0:
                        self.gradient_norms = log_gradient_norms(self.model, print_fn=None)
        except Exception as exc:  # a shape error is a finding, not a crash of the doctor
            end.ended, end.error = (
                "error",
                f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
            )
        finally:
            self.model.load_state_dict(saved)
            self.model.zero_grad(set_to_none=True)
            self.model.train(was_training)
        report = diagnosis.finish(probe, end)
        report.findings = [f for f in report.findings if f.category in PREFLIGHT]
        report.unchecked = {}
        report.notes.append(f"gradient pulse: {gradient_health(self.gradient_norms)}")
        return report

    def watch(self) -> Recorder:
        """A context manager: run your training loop inside it, unchanged."""
        return self.recorder

    def diagnose(self) -> Report:
        """Phase 4: every rule over what ``watch()`` recorded."""
        return self.diagnosis.finish(self.recorder)


def _summary(model: nn.Module, x: torch.Tensor) -> str:
    from torchinfo import summary

    buffer = io.StringIO()
    with redirect_stdout(buffer):
        stats = summary(model, input_data=x[:2], verbose=0, device="cpu")
    return str(stats)
