"""What the doctor reports: findings with their evidence, what could not be checked, and how the script ended."""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass, field

from realdata.doctor.registry import PHASES, advice, all_rules, categories

ADVICE: dict[str, str] = advice()  # category -> the remedy the lesson teaches (built from the rule registry)
CATEGORIES: tuple[str, ...] = categories()


@dataclass
class Finding:
    """One diagnosis: what, when it was first seen, how bad, the numbers seen, and what to do."""

    category: str
    phase: str
    severity: str  # "error" (training is broken) or "warning" (training is hurt)
    evidence: str
    advice: str = ""
    step: int | None = None  # training steps (backward passes) done when it was first seen
    epoch: int | None = None  # the training loader's pass at that moment (None without a DataLoader)

    def __post_init__(self) -> None:
        if self.category not in ADVICE:
            raise ValueError(f"unknown category {self.category!r}")
        if self.phase not in PHASES:
            raise ValueError(f"unknown phase {self.phase!r}")
        self.advice = self.advice or ADVICE[self.category]

    @property
    def when(self) -> str:
        if self.step is None:
            return ""
        return f"step {self.step}" + (f", epoch {self.epoch}" if self.epoch else "")


@dataclass
class ScriptEnd:
    """How the watched script ended, as Python would have told it."""

    path: str = ""
    args: list[str] = field(default_factory=list)
    ended: str = "completed"  # completed, exit, error, stopped-early, interrupted, not-run
    exit_status: int | None = 0  # what `python script.py` would have returned
    exit_message: str | None = None  # sys.exit("message")
    error: str | None = None  # "Type: message" of an exception
    traceback: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.ended in {"completed", "stopped-early"} or (
            self.ended == "exit" and self.exit_status == 0
        )

    def describe(self) -> str:
        if self.ended == "completed":
            return f"the script ran to its end in {self.seconds:.1f} s"
        if self.ended == "stopped-early":
            return f"the doctor stopped the script after {self.seconds:.1f} s (--fast): every rule had its evidence"
        if self.ended == "exit":
            said = f": {self.exit_message}" if self.exit_message else ""
            if self.exit_status == 2 and not said:  # argparse's status for a bad command line
                said = " (argparse exits with 2 when arguments are missing or wrong: give them after --)"
            return f"the script called sys.exit and ended with status {self.exit_status}{said}"
        if self.ended == "interrupted":
            return "the script was interrupted (Ctrl-C)"
        if self.ended == "not-run":
            return f"the script could not be run: {self.error}"
        return f"the script stopped with {self.error}"


@dataclass
class Report:
    """All findings of one run, what could not be checked and why, and how the script ended."""

    findings: list[Finding] = field(default_factory=list)
    unchecked: dict[str, str] = field(default_factory=dict)  # category -> why it could not be decided
    notes: list[str] = field(default_factory=list)
    script: ScriptEnd = field(default_factory=ScriptEnd)

    @property
    def healthy(self) -> bool:
        """Every rule was checked, none fired, and the script ended normally."""
        return not self.findings and not self.unchecked and self.script.ok

    @property
    def stopped(self) -> str:
        return "" if self.script.ok else self.script.describe()

    def categories(self) -> set[str]:
        return {f.category for f in self.findings}

    def to_dict(self) -> dict:
        return {
            "healthy": self.healthy,
            "findings": [asdict(f) for f in self.findings],
            "unchecked": [{"category": c, "reason": r} for c, r in self.unchecked.items()],
            "notes": list(self.notes),
            "script": asdict(self.script),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict())

    def headline(self) -> str:
        if self.findings:
            return f"training doctor: {len(self.findings)} finding(s)"
        if self.script.ended == "not-run":
            return f"training doctor: {self.script.describe()}"
        if not self.script.ok:
            return (
                f"training doctor: no findings, but {self.script.describe()} and nothing recorded explains it"
            )
        if self.unchecked:
            return f"training doctor: no findings in what could be checked ({len(self.unchecked)} check(s) could not run)"
        return "training doctor: no findings (healthy): every check ran"

    def __str__(self) -> str:
        lines = [self.headline()]
        for f in self.findings:
            when = f", first seen at {f.when}" if f.when else ""
            lines.append(f"- [{f.severity}] {f.category} ({f.phase}{when})")
            lines.append(f"    evidence: {f.evidence}")
            lines.append(f"    advice:   {f.advice}")
        if self.unchecked:
            lines.append("  not checked:")
            lines += [f"  - {c}: {r}" for c, r in self.unchecked.items()]
        if self.script.path and self.script.ended != "not-run":  # a notebook's loop has no script
            lines.append(f"  script: {self.script.describe()}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = f"<p><b>{html.escape(self.headline())}</b></p>"
        rows = "".join(
            f"<tr><td>{html.escape(f.severity)}</td><td><code>{html.escape(f.category)}</code></td>"
            f"<td>{html.escape(f.phase)}</td><td>{html.escape(f.when)}</td><td>{html.escape(f.evidence)}</td>"
            f"<td>{html.escape(f.advice)}</td></tr>"
            for f in self.findings
        )
        table = (
            "<table><tr><th>severity</th><th>category</th><th>phase</th><th>first seen</th><th>evidence</th>"
            f"<th>advice</th></tr>{rows}</table>"
            if rows
            else ""
        )
        missing = "".join(
            f"<li><code>{html.escape(c)}</code>: {html.escape(r)}</li>" for c, r in self.unchecked.items()
        )
        return head + table + (f"<p>Not checked:</p><ul>{missing}</ul>" if missing else "")


def finding_for(category: str, evidence: str, step: int | None = None, epoch: int | None = None) -> Finding:
    """A Finding with the phase and severity its rule declares."""
    r = all_rules()[category]
    return Finding(category, r.phase, r.severity, evidence, step=step, epoch=epoch)
