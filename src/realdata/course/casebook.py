"""Learner solutions kept as cases: files with a small header, read by the tests and the benchmark.

A case file holds the code of one exercise cell, after a header of comment lines::

    # expect: fail
    # subtle: yes
    # mistake: __len__ counts the CSV header as a row
    # words: header|row|101
    class CSVDataset(Dataset): ...

``words`` are what a truthful message about the mistake would likely contain (any one of them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_HEADER = re.compile(r"^#\s*(expect|subtle|mistake|words)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class Case:
    path: Path
    exercise_id: str
    expect: str  # "pass" or "fail"
    subtle: bool
    mistake: str
    words: tuple[str, ...]
    code: str

    @property
    def name(self) -> str:
        return f"{self.exercise_id}/{self.path.stem}"


def read_case(path: Path) -> Case:
    fields: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _HEADER.match(line)
        if not m:
            if line.strip() and not line.startswith("#"):
                break
            continue
        fields[m.group(1)] = m.group(2)
    expect = fields.get("expect", "").split()[0] if fields.get("expect") else ""
    if expect not in {"pass", "fail"}:
        raise ValueError(f"{path}: the header needs '# expect: pass' or '# expect: fail'")
    exercise_id = path.parent.name.removeprefix("ex_").replace("_", ".")
    return Case(
        path=path,
        exercise_id=exercise_id,
        expect=expect,
        subtle=fields.get("subtle", "").lower().startswith("y"),
        mistake=fields.get("mistake", ""),
        words=tuple(w.strip().lower() for w in fields.get("words", "").split("|") if w.strip()),
        code=path.read_text(encoding="utf-8"),
    )


def read_cases(folder: Path) -> list[Case]:
    return [read_case(p) for p in sorted(Path(folder).glob("ex_*/*.py"))]
