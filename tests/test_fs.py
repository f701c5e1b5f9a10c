import os
from pathlib import Path

import pytest

from realdata._fs import atomic_path, atomic_write_json, check_writable
from realdata.errors import NotWritableError


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path):
    target = tmp_path / "summary.json"
    atomic_write_json(target, {"version": 1})
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text('{"version": 2, "half')  # interrupted mid-write
        raise RuntimeError("power cut")
    assert target.read_text() == '{\n  "version": 1\n}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.json"]


def test_written_files_get_normal_permissions(tmp_path: Path):
    target = tmp_path / "a.json"
    atomic_write_json(target, [])
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_folder_under_a_file_is_not_writable(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(NotWritableError, match="cannot write the output folder"):
        check_writable(blocker / "out", what="output")
