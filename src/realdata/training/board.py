"""Serve TensorBoard over a folder of runs, on this machine only (loopback).

``serve`` is what ``realdata tensorboard`` calls: it checks the port is free (else a page
another program serves there would pass for TensorBoard), starts TensorBoard in a
process group of its own, waits until it answers, and on Ctrl-C or SIGTERM stops the
whole group, so no TensorBoard process outlives the command.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from realdata.errors import RealdataError

DEFAULT_PORT = 6006


def free_port() -> int:
    """A TCP port nobody listens on right now (for tests and busy machines)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_problem(port: int, host: str = "127.0.0.1") -> str | None:
    """Why ``host:port`` cannot be served on (in use, not allowed), or None if it is free."""
    with socket.socket() as s:
        try:
            s.bind((host, port))
        except OSError as err:
            return (
                "is already in use" if err.errno == errno.EADDRINUSE else f"cannot be used ({err.strerror})"
            )
    return None


def serve(logdir: Path, *, port: int = DEFAULT_PORT, on_ready: Callable[[str], None] = print) -> None:
    """Serve TensorBoard over ``logdir`` until it exits, Ctrl-C (KeyboardInterrupt) or SIGTERM.

    Args:
        on_ready: called with TensorBoard's URL once it answers there.

    Raises:
        RealdataError: the folder is missing, the port is taken, or TensorBoard did not start.
    """
    if problem := port_problem(port):
        raise RealdataError(f"port {port} on 127.0.0.1 {problem}: choose another, e.g. --port {free_port()}")
    process = start_tensorboard(logdir, port=port)
    try:
        with _sigterm_stops():
            url = f"http://127.0.0.1:{port}/"
            wait_until_serving(url, process)
            on_ready(url)
            process.wait()
    except _Stopped:
        pass
    finally:
        stop(process)


class _Stopped(Exception):
    """SIGTERM arrived."""


@contextlib.contextmanager
def _sigterm_stops() -> Iterator[None]:
    """While inside, SIGTERM unwinds like Ctrl-C does, so the ``finally`` that stops TensorBoard runs."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread; elsewhere the caller stops us
        return

    def handler(signum: int, frame: object) -> None:
        raise _Stopped

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stop(process: subprocess.Popen, *, grace: float = 10.0) -> None:
    """Stop TensorBoard and every process it started (its process group): TERM, then KILL."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def start_tensorboard(logdir: Path, *, port: int = DEFAULT_PORT, host: str = "127.0.0.1") -> subprocess.Popen:
    """Start ``tensorboard --logdir LOGDIR`` as a child process in its own process group; return it.

    ``stop(process)`` stops it and its children.

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
    # a session of its own: Ctrl-C reaches only us, and stop() can signal the whole group
    return subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


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
