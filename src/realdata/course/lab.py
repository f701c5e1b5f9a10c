"""Open the course in JupyterLab: the workspace, at one lesson's notebook."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib import util as importlib_util
from pathlib import Path

import realdata
from realdata.course import registry
from realdata.errors import RealdataError


def source_checkout() -> Path | None:
    """The project folder if realdata runs from a source checkout (``pip install -e .``), else None."""
    root = Path(realdata.__file__).resolve().parents[2]  # src/realdata/__init__.py -> the checkout
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and 'name = "realdata"' in pyproject.read_text(encoding="utf-8", errors="replace"):
        return root
    return None


def install_hint() -> str:
    """How to get JupyterLab here. Not ``pip install realdata[lab]``: on PyPI, ``realdata`` is
    another project, so that would install a stranger's package."""
    root = source_checkout()
    if root is not None:
        return f"pip install -e '{root}[lab]'"
    return "pip install jupyterlab"


def notebook_to_open(workspace: Path, lesson: str | None, exercises: bool) -> str | None:
    """The notebook of ``lesson`` (its exercises with ``exercises``) in ``workspace``; None: the folder.

    Raises:
        RealdataError: no such lesson, or the workspace lacks its notebook.
    """
    if lesson is None:
        return None
    les = registry.lesson(lesson)
    target = les.exercises_notebook if exercises else les.lesson_notebook
    if not (Path(workspace) / target).exists():
        raise RealdataError(
            f"{Path(workspace) / target} does not exist: run `realdata init {workspace}` first"
        )
    return target


def open_lab(workspace: Path, lesson: str | None = None, *, exercises: bool = False) -> int:
    """Start JupyterLab in ``workspace`` at the lesson's notebook; return its exit status.

    The lesson is checked first, so a wrong number says so whether or not JupyterLab is installed.
    """
    target = notebook_to_open(workspace, lesson, exercises)
    if importlib_util.find_spec("jupyterlab") is None:
        raise RealdataError(
            f"JupyterLab is not installed: `{install_hint()}`, "
            "or open the .ipynb files in any notebook editor"
        )
    jupyter = shutil.which("jupyter-lab") or shutil.which("jupyter")
    cmd = (
        [sys.executable, "-m", "jupyterlab"]
        if jupyter is None
        else [jupyter] + ([] if "lab" in jupyter else ["lab"])
    )
    return subprocess.run([*cmd, *([target] if target else [])], cwd=workspace, check=False).returncode
