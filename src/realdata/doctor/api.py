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

from realdata.doctor.findings import Finding, Report
from realdata.doctor.gradients import gradient_health, log_gradient_norms
from realdata.doctor.instrument import Recorder
from realdata.doctor.rules import diagnose


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
        self.recorder = Recorder()
        self.summary = ""
        self.gradient_norms: dict[str, float] = {}

    def preflight(self, batches: int = 8) -> Report:
        """Phases 1 and 2 without training: the model is left exactly as it was."""
        saved = copy.deepcopy(self.model.state_dict())
        was_training = self.model.training
        probe = Recorder()
        error = None
        findings: list[Finding] = []
        x, y = next(iter(self.train_loader))
        try:
            with probe:
                self.summary = _summary(self.model, x)  # the X-ray: shapes before any training
                self.model.train()
                outputs = self.model(x)
                loss = self.loss_fn(outputs, y)
                self.model.zero_grad()
                loss.backward()
                self.gradient_norms = log_gradient_norms(self.model, print_fn=None)
        except Exception as exc:  # a shape error is a finding, not a crash of the doctor
            error = exc
        finally:
            self.model.load_state_dict(saved)
            self.model.zero_grad(set_to_none=True)
            self.model.train(was_training)
        probe.first_grad_norms = self.gradient_norms or None
        findings += [f for f in diagnose(probe, error) if f.phase in {"before", "first-iteration"}]
        findings += self._data_checks(batches)
        report = Report(findings=_unique(findings))
        health = gradient_health(self.gradient_norms)
        report.notes.append(f"gradient pulse: {health}")
        return report

    def _data_checks(self, batches: int) -> list[Finding]:
        rec = Recorder()
        for i, (_images, yb) in enumerate(self.train_loader):
            if i >= batches:
                break
            if yb.dim() == 1 and not yb.is_floating_point():
                counts = torch.bincount(yb, minlength=10).tolist()
                from realdata.doctor.instrument import LossCall

                rec.losses.append(
                    LossCall(
                        "cross_entropy", True, i, id(self.train_loader), 1, 0.0, len(yb), target_counts=counts
                    )
                )
        rec.loaders[id(self.train_loader)] = _info(self.train_loader, steps=1)
        if self.test_loader is not None:
            rec.loaders[id(self.test_loader)] = _info(self.test_loader, steps=0)
        from realdata.doctor.rules import test_set_leak, unshuffled_sorted_data

        return [f for f in (unshuffled_sorted_data(rec, None), test_set_leak(rec, None)) if f is not None]

    def watch(self) -> Recorder:
        """A context manager: run your training loop inside it, unchanged."""
        return self.recorder

    def diagnose(self) -> Report:
        """Phase 4: every rule over what ``watch()`` recorded."""
        findings = diagnose(self.recorder)
        return Report(findings=findings, notes=list(self.recorder.rule_errors))


def _summary(model: nn.Module, x: torch.Tensor) -> str:
    from torchinfo import summary

    buffer = io.StringIO()
    with redirect_stdout(buffer):
        stats = summary(model, input_data=x[:2], verbose=0, device="cpu")
    return str(stats)


def _info(loader: DataLoader, steps: int):  # noqa: ANN202
    from realdata.doctor.instrument import LoaderInfo

    return LoaderInfo(
        id(loader), loader.dataset, type(loader.sampler).__name__, iterations=1, steps_during=steps
    )


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        if f.category not in seen:
            seen.add(f.category)
            out.append(f)
    return out
