"""The reliability cases that helpers wrote from issue 12's text alone (tests/reliability_cases/).

They are kept apart from our own tests (tests/test_reliability.py), and scored apart by
``benchmarks/reliability.py``; ``reliability_helpers`` judges a case the same way for both.
Checkpoints: a run of 500 images is trained once, copied for each case, damaged by the
case, then resumed in-process. Progress: a workspace is made once, copied for each case.
CLI: every case runs ``realdata`` as a subprocess.
"""

from __future__ import annotations

import pytest

from reliability_helpers import (
    checkpoint_cases,
    cli_cases,
    judge_checkpoint,
    judge_cli,
    judge_progress,
    progress_cases,
    train_once,
)


@pytest.fixture(scope="module")
def trained(tmp_path_factory, mnist_root):
    return train_once(tmp_path_factory.mktemp("trained") / "out")


@pytest.fixture(scope="module")
def workspace_template(tmp_path_factory):
    from realdata.course.workspace import init_workspace

    ws = tmp_path_factory.mktemp("ws") / "ws"
    init_workspace(ws)
    return ws


@pytest.mark.parametrize("case", checkpoint_cases.CASES, ids=lambda c: c.name)
def test_checkpoint_case(case, trained, tmp_path):
    assert judge_checkpoint(case, trained, tmp_path) is None


@pytest.mark.parametrize("case", progress_cases.CASES, ids=lambda c: c.name)
def test_progress_case(case, workspace_template, tmp_path):
    assert judge_progress(case, workspace_template, tmp_path) is None


@pytest.mark.parametrize("case", cli_cases.CASES, ids=lambda c: c.name)
def test_cli_case(case, tmp_path, mnist_root):
    assert judge_cli(case, tmp_path, mnist_root) is None
