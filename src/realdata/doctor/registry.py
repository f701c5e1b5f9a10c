"""Where each diagnosis is declared, once: ``@rule(category, family, phase, severity, advice, THRESHOLD=...)``.

The category list, the advice shown with each finding, the scenario index and the
unit tests of every threshold all read ``RULES``. A rule is a function
``check(rec, t) -> Verdict`` over a ``Recording`` (``t`` holds its named
thresholds); it can say four things:

* ``fire(evidence)``: the bug is there, with the numbers seen;
* ``clear()``: its evidence is complete and the bug is not there;
* ``pending(why)``: not enough seen yet (at the end of a run this becomes "could not be checked");
* ``unchecked(why)``: this run cannot tell (no labels, no evaluation, ...), and why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType, SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from realdata.doctor.recording import Recording

PHASES = ("before", "first-iteration", "during", "after")
FAMILIES = ("data", "outputs", "updates", "generalisation")
SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Verdict:
    state: str  # fire, clear, pending, unchecked
    text: str = ""  # the evidence (fire) or the reason (pending, unchecked)


def fire(evidence: str) -> Verdict:
    return Verdict("fire", evidence)


def clear() -> Verdict:
    return Verdict("clear")


def pending(why: str) -> Verdict:
    return Verdict("pending", why)


def unchecked(why: str) -> Verdict:
    return Verdict("unchecked", why)


@dataclass(frozen=True)
class Rule:
    """One category: its id, where it sits in the checklist, what to do about it, and how it is decided."""

    category: str
    family: str
    phase: str
    severity: str
    advice: str
    thresholds: MappingProxyType
    check: Callable[[Recording, SimpleNamespace], Verdict] = field(compare=False)
    scenario: bool = True  # the public suite has a buggy script and a fixed twin for it

    @property
    def summary(self) -> str:
        """The rule, as the first paragraph of its docstring states it."""
        doc = (self.check.__doc__ or "").strip()
        return " ".join(doc.split("\n\n", 1)[0].split())

    def __call__(self, rec: Recording, **overrides: float) -> Verdict:
        """Decide on ``rec``; ``overrides`` replace thresholds (the threshold tests use them)."""
        return self.check(rec, SimpleNamespace(**{**self.thresholds, **overrides}))


RULES: dict[str, Rule] = {}


def rule(
    category: str,
    *,
    family: str,
    phase: str,
    severity: str,
    advice: str,
    scenario: bool = True,
    **thresholds: float,
) -> Callable:
    """Declare a rule; the decorated function keeps working as a plain function."""
    if family not in FAMILIES or phase not in PHASES or severity not in SEVERITIES:
        raise ValueError(f"rule {category}: unknown family, phase or severity")
    if category in RULES:
        raise ValueError(f"rule {category} declared twice")

    def register(check: Callable) -> Callable:
        RULES[category] = Rule(
            category, family, phase, severity, advice, MappingProxyType(thresholds), check, scenario
        )
        return check

    return register


def all_rules() -> dict[str, Rule]:
    """Every rule, in checklist order of families (importing the rule modules registers them)."""
    import realdata.doctor.rules  # noqa: F401 - registers the rules

    return {c: r for family in FAMILIES for c, r in RULES.items() if r.family == family}


def categories() -> tuple[str, ...]:
    return tuple(all_rules())


def advice() -> dict[str, str]:
    return {c: r.advice for c, r in all_rules().items()}
