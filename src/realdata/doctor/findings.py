"""What the doctor reports: findings, each with its evidence and the lesson's remedy."""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass, field

PHASES = ("before", "first-iteration", "during", "after")

# id -> the remedy the lesson teaches (shown as each finding's advice)
ADVICE: dict[str, str] = {
    "shape-mismatch": "Shape errors are plumbing, not design: run torchinfo.summary(model, input_size=...) before "
    "training and make the named layer's in_features match what arrives (often a missing nn.Flatten()).",
    "softmax-before-cross-entropy": "Pass raw logits to nn.CrossEntropyLoss: it applies log-softmax itself. "
    "Remove the softmax before the loss (keep it only for displaying probabilities).",
    "missing-eval-mode": "Call model.eval() before evaluating (and model.train() before training again): dropout "
    "and batch norm behave differently in the two modes.",
    "unshuffled-sorted-data": "Pass shuffle=True to the training DataLoader: each batch must be a random sample "
    "of the data, not a slice of data stored in order.",
    "same-batch-every-step": "Iterate the DataLoader inside the loop (for x, y in loader:). Calling "
    "next(iter(loader)) once outside it trains on the same batch every step: a suspiciously smooth loss.",
    "class-prior-collapse": "Loss going down does not mean training is working: the model predicts the most "
    "common class. Check the predictions and the gradients (a too-small model, too-low learning rate, or "
    "broken inputs), and always track accuracy alongside loss.",
    "exploding-gradients": "Lower the learning rate, normalise the inputs, and consider gradient clipping "
    "(torch.nn.utils.clip_grad_norm_) or batch norm.",
    "vanishing-gradients": "Early layers barely learn: use ReLU instead of sigmoid/tanh in deep stacks, a proper "
    "initialisation, batch norm, or skip connections.",
    "learning-rate-too-low": "The loss hardly moves while gradients are healthy: raise the learning rate "
    "(try 1e-3 for Adam, 1e-2 to 1e-1 for SGD) and compare runs in TensorBoard.",
    "missing-zero-grad": "Call optimizer.zero_grad() every step, before loss.backward(): gradients add up otherwise.",
    "missing-optimizer-step": "Call optimizer.step() after loss.backward(): without it the weights never change.",
    "frozen-parameters": "Some parameters never change: check requires_grad and that the optimizer was built "
    "with all of model.parameters().",
    "unnormalized-inputs": "Normalise the inputs (e.g. transforms.ToTensor() then Normalize(mean, std)): raw "
    "pixel values in the hundreds make training unstable and slow.",
    "label-mismatch": "The labels do not fit the model's outputs: class indices must run from 0 to "
    "num_classes - 1 and line up with the images.",
    "wrong-loss-for-classification": "Use nn.CrossEntropyLoss with integer class labels for classification; "
    "MSE measures distance, not confidence on the right class.",
    "test-set-leak": "Never train on the test set: train on the training split (train=True) and only evaluate "
    "on the test split.",
    "overfitting": "The scissors are opening: training keeps improving while test performance gets worse. Add "
    "dropout, batch norm or weight decay, get more data, or stop earlier.",
    "dead-relu": "Many ReLU units output zero for every input: lower the learning rate, check the "
    "initialisation (biases pushed far negative), or normalise the inputs.",
}
CATEGORIES = tuple(ADVICE)


@dataclass
class Finding:
    """One diagnosis: what, when, how bad, the numbers seen, and what to do."""

    category: str
    phase: str
    severity: str  # "error" (training is broken) or "warning" (training is hurt)
    evidence: str
    advice: str = ""

    def __post_init__(self) -> None:
        if self.category not in ADVICE:
            raise ValueError(f"unknown category {self.category!r}")
        if self.phase not in PHASES:
            raise ValueError(f"unknown phase {self.phase!r}")
        self.advice = self.advice or ADVICE[self.category]


@dataclass
class Report:
    """All findings of one run, with what the doctor could observe."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be checked, and why
    stopped: str = ""  # the script's own error, if it stopped with one

    @property
    def healthy(self) -> bool:
        return not self.findings and not self.stopped

    def categories(self) -> set[str]:
        return {f.category for f in self.findings}

    def to_dict(self) -> dict:
        return {"healthy": self.healthy, "findings": [asdict(f) for f in self.findings]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict())

    def __str__(self) -> str:
        if self.healthy:
            lines = ["training doctor: no findings (healthy)"]
        elif not self.findings:
            lines = [
                f"training doctor: the script stopped ({self.stopped}) and nothing in what ran explains it"
            ]
        else:
            lines = [f"training doctor: {len(self.findings)} finding(s)"]
            for f in self.findings:
                lines.append(f"- [{f.severity}] {f.category} ({f.phase})")
                lines.append(f"    evidence: {f.evidence}")
                lines.append(f"    advice:   {f.advice}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        if self.healthy:
            return "<p><b>Training doctor:</b> no findings (healthy)</p>"
        rows = "".join(
            f"<tr><td>{html.escape(f.severity)}</td><td><code>{html.escape(f.category)}</code></td>"
            f"<td>{html.escape(f.phase)}</td><td>{html.escape(f.evidence)}</td><td>{html.escape(f.advice)}</td></tr>"
            for f in self.findings
        )
        return (
            "<table><tr><th>severity</th><th>category</th><th>phase</th><th>evidence</th><th>advice</th></tr>"
            f"{rows}</table>"
        )
