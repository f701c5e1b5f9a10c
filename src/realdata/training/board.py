"""Start TensorBoard over a folder of runs, on this machine only (loopback)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from realdata.errors import RealdataError

DEFAULT_PORT = 6006


def free_port() -> int:
    """A TCP port nobody listens on right now (for tests and busy machines)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_tensorboard(logdir: Path, *, port: int = DEFAULT_PORT, host: str = "127.0.0.1") -> subprocess.Popen:
    """Start ``tensorboard --logdir LOGDIR`` as a child process; return it (``.terminate()`` stops it).

    Raises:
        RealdataError: the folder does not exist.
    """
    logdir = Path(logdir)
    if not logdir.is_dir():
        raise RealdataError(
            f"no folder {logdir}: train something first (e.g. `realdata run`), or pass the runs folder"
        )
    cmd = [
        sys.executable,
        "-m",
        "tensorboard.main",
        "--logdir",
        str(logdir),
        "--port",
        str(port),
        "--host",
        host,
    ]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_until_serving(url: str, process: subprocess.Popen, *, timeout: float = 60.0) -> str:
    """Poll ``url`` until TensorBoard answers; return the page. Raises RealdataError if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read() if process.stderr else ""
            last = err.strip().splitlines()[-1] if err.strip() else f"exit status {process.returncode}"
            raise RealdataError(f"TensorBoard stopped: {last}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode("utf-8", errors="replace")
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RealdataError(f"TensorBoard did not answer at {url} within {timeout:.0f} s")
