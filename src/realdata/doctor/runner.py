"""Run an unmodified training script under the doctor's instruments, then diagnose it.

The script runs in this process with ``runpy`` as ``__main__``, with its own
``sys.argv``; its output and its exceptions reach the user unchanged (a traceback is
printed exactly as Python would). Findings are printed to stderr the moment their
evidence is complete. Exit status: 0 no findings, 1 findings, 2 the script could not
be run, or it failed (or exited non-zero) and nothing recorded explains it.
"""

from __future__ import annotations

import os
import runpy
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from realdata.doctor.diagnosis import Diagnosis
from realdata.doctor.findings import Finding, Report, ScriptEnd
from realdata.doctor.instrument import Recorder, StopScript

HEALTHY, FINDINGS, COULD_NOT_RUN = 0, 1, 2


@dataclass
class ScriptRun:
    report: Report
    status: int
    error: BaseException | None = None


def _not_runnable(script: Path, args: list[str]) -> ScriptEnd | None:
    """A missing file, or one that is not Python source: say so before running anything."""
    end = ScriptEnd(path=str(script), args=args, ended="not-run", exit_status=None)
    if not script.is_file():
        end.error = f"no file at {script}"
        return end
    source = script.read_bytes()
    if b"\x00" in source:
        end.error = f"{script} is not a Python script: it holds binary data"
        return end
    try:
        compile(source, str(script), "exec")
    except SyntaxError as err:
        end.error = f"{script} is not valid Python: {err.msg} (line {err.lineno})"
        return end
    return None


def _script_traceback(exc: BaseException, path: str) -> str:
    """The traceback as `python script.py` prints it: from the script's first frame, without the runner's."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != path:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__))


def print_finding(f: Finding) -> None:
    print(f"[doctor] {f.when}: {f.category}: {f.evidence}", file=sys.stderr, flush=True)


def run_script(
    script: Path,
    args: list[str] | None = None,
    *,
    fast: bool = False,
    on_finding: Callable[[Finding], None] | None = None,
) -> ScriptRun:
    """Run ``script`` with ``args`` under the instruments and return the diagnosis.

    Args:
        script: the training script, run as ``__main__``.
        args: its command-line arguments.
        fast: stop the script once every rule that can still fire has had its evidence.
        on_finding: called with each finding the moment it is first seen.
    """
    script = Path(script)
    args = list(args or [])
    bad = _not_runnable(script, args)
    if bad is not None:
        return ScriptRun(Report(script=bad), COULD_NOT_RUN)
    diagnosis = Diagnosis(on_finding=on_finding, fast=fast)
    rec = Recorder(on_check=diagnosis.check, script=str(script.resolve()))
    end = ScriptEnd(path=str(script), args=args)
    saved_argv, saved_path, saved_cwd = sys.argv[:], sys.path[:], os.getcwd()
    sys.argv = [str(script), *args]
    sys.path.insert(0, str(script.resolve().parent))  # as `python script.py` would
    error: BaseException | None = None
    start = time.perf_counter()
    rec.install()
    try:
        runpy.run_path(str(script.resolve()), run_name="__main__")
    except SystemExit as exc:
        end.ended = "exit"
        if exc.code is None or isinstance(exc.code, int):
            end.exit_status = exc.code or 0
        else:
            end.exit_status, end.exit_message = 1, str(exc.code)
            print(exc.code, file=sys.stderr)  # what Python prints for sys.exit("message")
    except StopScript:
        end.ended = "stopped-early"
    except KeyboardInterrupt as exc:
        end.ended, end.exit_status, error = "interrupted", 130, exc
    except BaseException as exc:  # noqa: BLE001 - the script's own error, shown as Python shows it
        rec.note_crash(exc)
        error = exc
        end.ended, end.exit_status = "error", 1
        end.error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
        end.traceback = _script_traceback(exc, str(script.resolve()))
        sys.stderr.write(end.traceback)
    finally:
        rec.uninstall()
        sys.argv, sys.path[:] = saved_argv, saved_path
        os.chdir(saved_cwd)
    end.seconds = time.perf_counter() - start
    report = diagnosis.finish(rec, end)
    if report.findings:
        status = FINDINGS
    elif not end.ok:
        status = COULD_NOT_RUN
    else:
        status = HEALTHY
    return ScriptRun(report, status, error)
