"""The site security cases a helper wrote from issue 13's text alone (tests/site_cases/).

Kept apart from our own tests (tests/test_site.py). One server runs for all of them; after
the run, the canaries the refused cases aimed at must be untouched: question 1.quick.b
never answered, exercise 1.5's cell unchanged, no marker file written by a refused check.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from site_helpers import running

sys.path.insert(0, str(Path(__file__).parent / "site_cases"))
import security_cases  # noqa: E402

from realdata.course.progress import Progress  # noqa: E402
from realdata.course.workspace import init_workspace  # noqa: E402
from realdata.site import build  # noqa: E402

FAKE = {slug: build.Page(title=f"Lesson {i}", blocks=["<p>text</p>"]) for i, slug in enumerate(
    ["datasets-and-dataloaders", "mnist-project", "debugging-and-visualization"], start=1)}  # fmt: skip


def cell_1_5(ws: Path) -> str:
    from realdata.site.server import saved_code

    return saved_code(ws / "01-datasets-and-dataloaders-exercises.ipynb", "1.5")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    ws = tmp_path_factory.mktemp("ws")
    init_workspace(ws)
    shutil.rmtree(security_cases.MARKER_DIR, ignore_errors=True)
    with running(ws, FAKE) as s:
        s.starter_1_5 = cell_1_5(ws)
        yield s


@pytest.mark.parametrize("case", security_cases.CASES, ids=lambda c: c.name)
def test_security_case(case, site):
    status, headers, body = security_cases.send(case, site.port, site.token)
    assert security_cases.problems(case, site.port, site.token, status, headers, body) == []


def test_no_refused_case_changed_anything(site):
    """Runs after the cases (pytest keeps file order): the canaries are untouched."""
    assert Progress.load(site.workspace).question_state("1.quick.b") == "not answered"
    assert cell_1_5(site.workspace) == site.starter_1_5  # 1.5's cell as init wrote it
    assert not list(Path(security_cases.MARKER_DIR).glob("*"))
