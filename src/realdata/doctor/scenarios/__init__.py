"""The public scenario suite: for every category a buggy training script and its fixed twin.

Each script is small (a few thousand MNIST images, a few epochs, seconds on a
laptop) and runs as it is: ``python <script>.py``. Lesson 3 and the doctor's
benchmark (``benchmarks/doctor.py``) use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from realdata.doctor.findings import CATEGORIES

FOLDER = Path(__file__).parent


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


def scenarios() -> list[Scenario]:
    """Every scenario, in the order of the categories."""
    out = []
    for category in CATEGORIES:
        stem = category.replace("-", "_")
        out.append(Scenario(category, FOLDER / f"{stem}_bug.py", FOLDER / f"{stem}_fixed.py"))
    return out
