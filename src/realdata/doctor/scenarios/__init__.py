"""The scenario suites: training scripts with one planted bug each, and healthy twins.

* this folder: the public suite, a buggy script and its fixed twin for every category
  the registry marks ``scenario=True`` (``<category>_bug.py`` / ``<category>_fixed.py``);
* ``independent/``: scripts written by others from the category descriptions alone,
  never from the rules. Each says what it expects on its docstring's first line:
  ``expect: <category>``, ``expect: healthy`` or ``expect: error`` (not a runnable script).

Each script is small (a few thousand MNIST images, a few epochs, seconds on a laptop)
and runs as it is: ``python <script>.py``. ``benchmarks/doctor.py`` runs them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from realdata.doctor.registry import all_rules

FOLDER = Path(__file__).parent
INDEPENDENT = FOLDER / "independent"


@dataclass(frozen=True)
class Scenario:
    category: str
    bug: Path
    fixed: Path

    @property
    def about(self) -> str:
        """The bug, as the buggy script's docstring says it."""
        text = self.bug.read_text()
        return next((line.strip() for line in text.splitlines() if "Bug:" in line), "").split("Bug: ", 1)[-1]


@dataclass(frozen=True)
class Case:
    """One script of a suite and what it should get: a category, "healthy", or "error"."""

    path: Path
    expect: str
    suite: str

    @property
    def name(self) -> str:
        return self.path.stem


def scenarios() -> list[Scenario]:
    """The public suite, in the registry's order of categories."""
    out = []
    for category, r in all_rules().items():
        if r.scenario:
            stem = category.replace("-", "_")
            out.append(Scenario(category, FOLDER / f"{stem}_bug.py", FOLDER / f"{stem}_fixed.py"))
    return out


def expectation(path: Path) -> str:
    """The ``expect: ...`` line at the top of an independent script."""
    for line in path.read_text(errors="replace").splitlines()[:5]:
        text = line.strip().strip('"').lstrip("#").strip()
        if text.startswith("expect:"):
            return text.split(":", 1)[1].strip()
    raise ValueError(f"{path} has no 'expect:' line in its first lines")


def cases(suite: str = "all") -> list[Case]:
    """The scripts of the public suite ("public"), the independent one ("independent": both rounds), its
    second round alone ("round2"), or all of them."""
    out = []
    if suite in {"all", "public"}:
        for s in scenarios():
            out += [Case(s.bug, s.category, "public"), Case(s.fixed, "healthy", "public")]
    if suite in {"all", "independent", "round2"} and INDEPENDENT.is_dir():
        for path in sorted(INDEPENDENT.iterdir()):
            if path.is_file() and path.suffix in {".py", ".txt"} and not path.name.startswith("_"):
                # round 2 was written after the rules were tuned on round 1, and not looked at before it ran
                part = "round2" if path.name.startswith("r2_") else "independent"
                if suite in {"all", part} or (suite == "independent" and part == "round2"):
                    out.append(Case(path, expectation(path), part))
    return out
