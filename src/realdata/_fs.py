"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Everything realdata writes that someone may read later (data files, checkpoints,
summaries, progress, figures) goes through here: write to a temporary name in
the same folder, flush it to disk, then ``os.replace`` it over the target. An
interrupted run leaves at worst a stray ``.tmp`` file, never a broken target.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from realdata.errors import NotWritableError


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success, rename it into place.

    The caller writes the temporary file by any means (``torch.save``,
    ``savefig``, ...). If the block raises, the temporary file is removed and
    ``path`` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp makes the file private (0600); give it the permissions a plain open() would.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_stale_temps(path: Path) -> list[Path]:
    """Delete the temporary files an interrupted ``atomic_path(path)`` left behind; return them.

    Call it only where one process writes ``path`` at a time (a checkpoint of a run,
    progress under its lock): another writer's temporary file would look stale too.
    """
    path = Path(path)
    removed = []
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: Path, obj: Any) -> None:
    """Write ``obj`` as indented JSON to ``path`` atomically."""
    atomic_write_text(path, json.dumps(obj, indent=2) + "\n")


def check_writable(folder: Path, *, what: str) -> Path:
    """Create ``folder`` if needed and prove we can write in it.

    Raises:
        NotWritableError: with a message naming ``what`` the folder is for.
    """
    folder = Path(folder).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise NotWritableError(
            f"cannot write the {what} folder {folder} ({exc.strerror or exc}); "
            "choose another folder or fix its permissions"
        ) from None
    return folder
