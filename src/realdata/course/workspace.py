"""A learner's workspace: the lesson and exercise notebooks, copied out of the package.

The notebooks are kept in the package as jupytext "percent" sources (plain
Python files that diff well) and turned into ``.ipynb`` files when a workspace
is made. Exercise cells carry tags: ``exercise:1.3`` on the learner's code cell,
``check:1.3`` on the cell that checks it. Those tags are how ``reset`` finds
the cell to restore and how the grader knows which cell belongs to which
exercise.
"""

from __future__ import annotations

import shutil
import time
from importlib import resources
from pathlib import Path

import jupytext
import nbformat

from realdata._fs import atomic_write_text, check_writable
from realdata.course import registry
from realdata.course.progress import Progress
from realdata.errors import RealdataError

EXERCISE_TAG, CHECK_TAG = "exercise:", "check:"
SETUP_TAG = "setup"  # the course's own set-up cell of an exercise notebook (imports, data)


def source_text(name: str) -> str:
    return resources.files("realdata.course").joinpath("lessons", name).read_text(encoding="utf-8")


def build_notebook(source_name: str) -> nbformat.NotebookNode:
    """The ``.ipynb`` form of a packaged jupytext source."""
    nb = jupytext.reads(source_text(source_name), fmt="py:percent")
    nb.metadata.setdefault(
        "kernelspec", {"display_name": "Python 3", "language": "python", "name": "python3"}
    )
    return nb


def notebook_names() -> list[tuple[str, str]]:
    """(source, notebook file name) for every lesson and exercise notebook."""
    pairs = []
    for lesson in registry.LESSONS:
        pairs.append((lesson.lesson_source, lesson.lesson_notebook))
        pairs.append((lesson.exercises_source, lesson.exercises_notebook))
    return pairs


def init_workspace(dest: Path, *, force: bool = False) -> list[tuple[str, str]]:
    """Copy every notebook into ``dest``; never overwrite a learner's notebook unless ``force``.

    Returns:
        ``[(file name, "written" | "kept (already there)")]``.
    """
    dest = check_writable(Path(dest), what="workspace")
    report = []
    for source, name in notebook_names():
        target = dest / name
        if target.exists() and not force:
            report.append((name, "kept (already there)"))
            continue
        atomic_write_text(target, nbformat.writes(build_notebook(source)))
        report.append((name, "written"))
    return report


def tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def exercise_cells(nb: nbformat.NotebookNode, exercise_id: str) -> list[int]:
    return [i for i, c in enumerate(nb.cells) if f"{EXERCISE_TAG}{exercise_id}" in tags(c)]


def find_exercise_notebook(workspace: Path, exercise_id: str) -> Path:
    """The workspace notebook that holds ``exercise_id``."""
    exercise = registry.exercise(exercise_id)
    name = registry.lesson(exercise.lesson).exercises_notebook
    path = Path(workspace) / name
    if not path.exists():
        raise RealdataError(f"{path} does not exist: run `realdata init {workspace}` first")
    return path


def reset_exercise(workspace: Path, exercise_id: str) -> tuple[Path, Path]:
    """Put exercise ``exercise_id``'s starter code back, keeping a backup of the notebook,
    and forget its attempts in the workspace's progress.

    Returns:
        (the notebook, its backup).
    """
    path = find_exercise_notebook(workspace, exercise_id)
    exercise = registry.exercise(exercise_id)
    original = build_notebook(registry.lesson(exercise.lesson).exercises_source)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # nbformat raises several kinds for a damaged file
        raise RealdataError(
            f"{path} is not a readable notebook ({exc}); `realdata init --force` rebuilds it"
        ) from None
    mine, theirs = exercise_cells(nb, exercise_id), exercise_cells(original, exercise_id)
    if not mine:
        raise RealdataError(f"{path} has no cell tagged {EXERCISE_TAG}{exercise_id}; was it deleted?")
    backup = path.with_name(f"{path.stem}.backup-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix}")
    shutil.copyfile(path, backup)
    for i, j in zip(mine, theirs, strict=False):
        nb.cells[i].source = original.cells[j].source
        nb.cells[i].outputs = []
        nb.cells[i].execution_count = None
    atomic_write_text(path, nbformat.writes(nb))
    Progress.load(workspace).reset(exercise_id)
    return path, backup
