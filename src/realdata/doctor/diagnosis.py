"""Run the rules while the script trains: each finding is announced as soon as its evidence is complete."""

from __future__ import annotations

from collections.abc import Callable

from realdata.doctor.findings import Finding, Report, ScriptEnd, finding_for
from realdata.doctor.instrument import Recorder, StopScript
from realdata.doctor.recording import Recording
from realdata.doctor.registry import PHASES, Verdict
from realdata.doctor.rules import FLOOR, assess

END_ONLY = {"overfitting"}  # decided from the whole run; --fast reports them as not checked


def training_epoch(rec: Recording) -> int | None:
    """The pass of the loader the model is training on, if it trains from a DataLoader."""
    trained = [f for f in rec.forwards[-50:] if f.trained or f.grad]
    return trained[-1].epoch or None if trained else None


class Diagnosis:
    """Keeps the first sighting of each finding across the checks made during a run.

    ``on_finding`` is called once per category, the moment its rule first fires. With
    ``fast=True`` the script is stopped (``StopScript``) once no rule is still waiting
    for evidence, apart from those only the whole run can decide.
    """

    def __init__(self, *, on_finding: Callable[[Finding], None] | None = None, fast: bool = False) -> None:
        self.on_finding = on_finding
        self.fast = fast
        self.first: dict[str, Finding] = {}
        self.stopped_early = False

    def check(self, recorder: Recorder) -> dict[str, Verdict]:
        """Called by the Recorder every few steps and at the end of each pass over a loader."""
        recorder.snapshot_params()
        rec = recorder.recording
        verdicts = assess(rec)
        self._remember(rec, verdicts)
        if self.fast and not rec.ended:
            waiting = [c for c, v in verdicts.items() if v.state == "pending" and c not in END_ONLY]
            if not waiting and rec.backwards:
                self.stopped_early = True
                raise StopScript
        return verdicts

    def _remember(self, rec: Recording, verdicts: dict[str, Verdict]) -> None:
        for category, v in verdicts.items():
            if v.state == "fire" and category not in self.first:
                f = finding_for(category, v.text, step=rec.backwards, epoch=training_epoch(rec))
                self.first[category] = f
                if self.on_finding is not None:
                    self.on_finding(f)

    def finish(self, recorder: Recorder, script: ScriptEnd | None = None) -> Report:
        """The final verdicts over the whole recording, as a Report."""
        rec = recorder.finish()
        verdicts = assess(rec)
        self._remember(rec, verdicts)
        findings, notes = [], []
        for category, f in self.first.items():
            final = verdicts.get(category)
            if final is not None and final.state == "clear":
                notes.append(f"an early sign of {category} at {f.when} did not hold over the whole run")
                continue
            if final is not None and final.state == "fire":
                f.evidence = final.text  # the final numbers, first-seen time kept
            findings.append(f)
        if len(findings) > 1:  # the floor only speaks when no other finding explains the run
            findings = [f for f in findings if f.category != FLOOR]
        findings.sort(key=lambda f: PHASES.index(f.phase))
        unchecked = {}
        for category, v in verdicts.items():
            if category in self.first:
                continue
            if self.stopped_early and (v.state == "pending" or category in END_ONLY):
                unchecked[category] = "the run was stopped early by --fast"
            elif v.state not in {"fire", "clear"}:
                unchecked[category] = v.text
        return Report(
            findings=findings, unchecked=unchecked, notes=list(rec.notes), script=script or ScriptEnd()
        )
