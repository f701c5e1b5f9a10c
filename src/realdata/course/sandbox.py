"""The fence around one graded notebook's kernel: limits, an unprivileged user, nothing left behind.

nbclient starts each kernel through ``python -m realdata.course.sandbox [limits] -- <kernel command>``
(``SandboxKernelManager``). That wrapper, still in the grader's hands, sets the resource limits, drops to
an unprivileged user when the grader runs as root, and only then ``exec``s the kernel, so no learner code
ever runs without them:

* ``RLIMIT_AS``: address space, so a notebook that allocates without end gets ``MemoryError``;
* ``RLIMIT_CPU``: CPU seconds for the whole kernel, a backstop under the grader's wall clock;
* ``RLIMIT_NPROC``: how many more processes the kernel's user may start (a fork bomb stops there).

The kernel runs in a session of its own (jupyter_client starts it with ``start_new_session``) and its
environment carries a per-notebook token. After the notebook, ``kill_leftovers`` kills the kernel's
process group and every process whose environment holds that token, which finds a child that detached
itself with ``setsid`` as well. What it does not find: a process that cleared its own environment and left
the group. That, like everything else the README's threat model lists, needs a container.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pwd
import re
import secrets
import shutil
import signal
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

from realdata.errors import RealdataError

TOKEN_VAR = "REALDATA_GRADE_TOKEN"  # in every graded kernel's environment, one value per notebook
DEFAULT_USER = "nobody"  # whom a root grader runs notebooks as
SECRET_NAMES = re.compile(
    r"TOKEN|SECRET|PASSW|CREDENTIAL|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|^AWS_|^AZURE_|^GH_|^GITHUB_|^HF_", re.I
)  # environment variables a graded kernel does not inherit


@dataclass(frozen=True)
class Limits:
    """Resource limits for one graded kernel. 0 turns a limit off."""

    memory_mb: int = 6144  # address space; torch alone maps about 1.5 GB of it
    cpu_s: int = 900  # CPU seconds for the kernel's whole life
    processes: int = 256  # threads and processes beyond those its user already has (when it switches user)
    user: str | None = None  # run as this user (None: nobody when the grader is root, else the grader's own)

    def run_as(self) -> pwd.struct_passwd | None:
        """The user the kernel switches to, or None to stay the grader's user."""
        if os.geteuid() != 0:
            return None
        name = self.user if self.user is not None else DEFAULT_USER
        if not name or name == "root":
            return None
        try:
            return pwd.getpwnam(name)
        except KeyError:
            raise RealdataError(
                f"there is no user named {name!r} to run notebooks as; create one or pick another with --run-as"
            ) from None


def resolve(limits: Limits) -> tuple[Limits, str]:
    """Settle whom kernels run as, before grading starts: (limits with the user fixed, a warning or "").

    A root grader runs notebooks as ``nobody`` when that user can start this Python with realdata and
    ipykernel; if it cannot (the interpreter lives under /root, say), the notebooks run as root with the
    limits only, and the warning says so. A user named with ``--run-as`` must work, or nothing is graded.
    """
    import subprocess

    user = limits.run_as()
    if user is None:
        return replace(limits, user=""), ""
    try:
        probe = subprocess.run(
            [sys.executable, "-c", "import realdata, ipykernel"],
            user=user.pw_uid,
            group=user.pw_gid,
            extra_groups=[],
            cwd="/",
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/tmp"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        failure = "" if probe.returncode == 0 else (probe.stderr.strip().splitlines() or ["exit status"])[-1]
    except (OSError, subprocess.SubprocessError) as exc:
        failure = f"{type(exc).__name__}: {exc}"
    if not failure:
        return replace(limits, user=user.pw_name), ""
    if limits.user:
        raise RealdataError(
            f"user {user.pw_name!r} cannot start {sys.executable} with realdata ({failure}); "
            "install realdata where that user can read it, or pick another user with --run-as"
        )
    return replace(limits, user=""), (
        f"notebooks run as root, with resource limits only: user {user.pw_name!r} cannot start "
        f"{sys.executable} ({failure}). Install realdata where {user.pw_name!r} can read it, or name "
        "another user with --run-as"
    )


def new_token() -> str:
    return secrets.token_hex(12)


class SandboxKernelManager(AsyncKernelManager):
    """An (async, as nbclient needs) KernelManager whose kernel command goes through the sandbox wrapper first."""

    sandbox_args: list[str] = []  # noqa: RUF012 - set per instance by ``kernel_manager``

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        cmd = super().format_kernel_cmd(extra_arguments)
        return [sys.executable, "-m", "realdata.course.sandbox", *self.sandbox_args, "--", *cmd]


def kernel_manager(limits: Limits, workdir: Path) -> SandboxKernelManager:
    km = SandboxKernelManager(kernel_name="python3")
    km.sandbox_args = [
        f"--memory-mb={limits.memory_mb}",
        f"--cpu-s={limits.cpu_s}",
        f"--processes={limits.processes}",
        f"--workdir={workdir}",
        f"--user={user.pw_name if (user := limits.run_as()) is not None else '-'}",
    ]
    return km


def prepare_workdir(limits: Limits) -> Path:
    """A fresh, private (0700) folder for the kernel.

    It stays root's until the wrapper has put the kernel's files in it and hands it over just before
    switching user: a folder handed over earlier would let another kernel of that user plant symlinks
    that root then follows.
    """
    return Path(tempfile.mkdtemp(prefix="realdata-grade-"))


def kernel_env(base: dict[str, str], workdir: Path, token: str, limits: Limits) -> dict[str, str]:
    """The graded kernel's environment: private HOME and caches in its work folder, and the token."""
    # the grader's credentials are not the notebook's business (and a notebook may reach the network)
    env = {k: v for k, v in base.items() if not SECRET_NAMES.search(k)}
    env[TOKEN_VAR] = token
    if limits.run_as() is not None:
        # nobody's home does not exist; IPython, matplotlib and torch want somewhere to write
        for var in ("HOME", "IPYTHONDIR", "MPLCONFIGDIR", "XDG_CACHE_HOME", "JUPYTER_RUNTIME_DIR"):
            env[var] = str(workdir / ".home")
        data = shared_data_root(base)
        if data is not None:
            env["REALDATA_DATA"] = str(data)
    return env


_SHARED_DATA: Path | None = None


def shared_data_root(env: dict[str, str]) -> Path | None:
    """A copy of the MNIST folder every user can read, made once per grading process.

    Root's cache (``/root/.cache/realdata``) sits behind a private home; the unprivileged kernel would find
    no data. The files are hard-linked where the filesystem allows (no copy), else copied.
    """
    global _SHARED_DATA
    if _SHARED_DATA is not None:
        return _SHARED_DATA
    from realdata.data.mnist import default_root

    old = os.environ.get("REALDATA_DATA")
    try:
        if "REALDATA_DATA" in env:
            os.environ["REALDATA_DATA"] = env["REALDATA_DATA"]
        source = default_root()
    finally:
        if old is None:
            os.environ.pop("REALDATA_DATA", None)
        else:
            os.environ["REALDATA_DATA"] = old
    raw = source / "MNIST" / "raw"
    if not raw.is_dir():
        return None
    shared = Path(tempfile.mkdtemp(prefix="realdata-shared-data-"))
    os.chmod(shared, 0o755)
    target = shared / "MNIST" / "raw"
    target.mkdir(parents=True)
    for path in (shared / "MNIST", target):
        os.chmod(path, 0o755)
    for f in raw.iterdir():
        if f.is_file():
            try:
                os.link(f, target / f.name)
            except OSError:
                shutil.copyfile(f, target / f.name)
            os.chmod(target / f.name, 0o644)
    import atexit

    atexit.register(shutil.rmtree, shared, True)
    _SHARED_DATA = shared
    return shared


def kill_leftovers(pid: int | None, token: str) -> int:
    """Kill the kernel's process group and any process whose environment carries ``token``.

    Returns how many processes outside the kernel's group were found (detached children).
    """
    if pid is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    found = 0
    marker = f"{TOKEN_VAR}={token}".encode()
    for _ in range(3):  # a process may fork while we look: look again until none is left
        hits = 0
        for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                environ = (entry / "environ").read_bytes()
            except OSError:
                continue
            if marker in environ.split(b"\0"):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(int(entry.name), signal.SIGKILL)
                    hits += 1
        found += hits
        if not hits:
            break
    return found


def _threads_of(uid: int) -> int:
    """What RLIMIT_NPROC counts for a user: its threads (every task under /proc/PID/task), not processes."""
    count = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if entry.stat().st_uid == uid:
                    count += sum(1 for _ in (entry / "task").iterdir())
    return count


def main(argv: list[str] | None = None) -> None:
    """The wrapper: limits, user, then exec the kernel command given after ``--``."""
    import resource

    parser = argparse.ArgumentParser(prog="python -m realdata.course.sandbox")
    parser.add_argument("--memory-mb", type=int, default=0)
    parser.add_argument("--cpu-s", type=int, default=0)
    parser.add_argument("--processes", type=int, default=0)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--user", default="-", help="switch to this user first ('-': stay)")
    parser.add_argument("cmd", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        parser.error("no kernel command after --")

    user = pwd.getpwnam(args.user) if args.user != "-" else None
    if user is not None:
        # the folder is still root's and private (prepare_workdir): nothing in it can be a planted link
        home = args.workdir / ".home"
        home.mkdir(mode=0o700)
        if "-f" in cmd:  # the connection file lives in root's runtime folder: hand the kernel its own copy
            i = cmd.index("-f") + 1
            copy = home / "kernel.json"
            fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with open(cmd[i], "rb") as src, os.fdopen(fd, "wb") as dst:
                shutil.copyfileobj(src, dst)
            os.chown(copy, user.pw_uid, user.pw_gid, follow_symlinks=False)
            cmd[i] = str(copy)
        for path in (home, args.workdir):  # handed over last
            os.chown(path, user.pw_uid, user.pw_gid, follow_symlinks=False)
        os.setgroups([])
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)
    if args.memory_mb:
        limit = args.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if args.cpu_s:
        resource.setrlimit(resource.RLIMIT_CPU, (args.cpu_s, args.cpu_s + 5))
    if args.processes and user is not None:
        # RLIMIT_NPROC counts every thread of the user, not just this kernel's: allow those already there.
        # Only for a switched user: root ignores the limit, and a grader's own user may run many more.
        limit = _threads_of(os.getuid()) + args.processes
        resource.setrlimit(resource.RLIMIT_NPROC, (limit, limit))
    os.chdir(args.workdir)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main()
