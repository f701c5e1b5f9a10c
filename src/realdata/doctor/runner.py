"""Run an unmodified training script under the doctor's instruments, then diagnose it.

The script runs in this process with ``runpy`` as ``__main__``, with its own
``sys.argv``; its output and its exceptions reach the user unchanged (a
traceback is printed exactly as Python would). Exit status: 0 healthy, 1
findings, 2 the doctor could not run the script or the script stopped with an
error the doctor cannot diagnose.
"""

from __future__ import annotations

import os
import runpy
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from realdata.doctor.findings import Report
from realdata.doctor.instrument import Recorder
from realdata.doctor.rules import diagnose

HEALTHY, FINDINGS, COULD_NOT_RUN = 0, 1, 2


@dataclass
class ScriptRun:
    report: Report
    status: int
    error: BaseException | None = None


def run_script(script: Path, args: list[str] | None = None) -> ScriptRun:
    """Run ``script`` with ``args`` under instrumentation and return the diagnosis."""
    script = Path(script)
    if not script.is_file():
        report = Report(notes=[f"no script at {script}"], stopped=f"no script at {script}")
        return ScriptRun(report, COULD_NOT_RUN)
    rec = Recorder()
    saved_argv, saved_path, saved_cwd = sys.argv[:], sys.path[:], os.getcwd()
    sys.argv = [str(script), *(args or [])]
    sys.path.insert(0, str(script.resolve().parent))  # as `python script.py` would
    error: BaseException | None = None
    rec.install()
    try:
        runpy.run_path(str(script), run_name="__main__")
    except SystemExit as exc:
        if exc.code not in (None, 0):
            error = exc
    except BaseException as exc:  # noqa: BLE001 - the script's own error, shown as Python shows it
        rec.note_crash(exc)
        error = exc
        traceback.print_exc()
    finally:
        rec.uninstall()
        sys.argv, sys.path[:] = saved_argv, saved_path
        os.chdir(saved_cwd)
    report = Report(findings=diagnose(rec, error))
    report.notes += _notes(rec, error) + rec.rule_errors
    if error is not None:
        report.stopped = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
    if report.findings:
        status = FINDINGS
    elif error is not None:
        status = COULD_NOT_RUN
    else:
        status = HEALTHY
    return ScriptRun(report, status, error)


def _notes(rec: Recorder, error: BaseException | None) -> list[str]:
    notes = []
    if error is not None:
        text = str(error).lower()
        if isinstance(error, SystemExit):
            notes.append(f"the script called sys.exit({error.code!r}); diagnosis covers what ran before it")
        elif "cuda" in text or "nvidia" in text:
            notes.append(
                "the script asked for a GPU, and there is none here: use device='cpu' "
                "(e.g. torch.device('cuda' if torch.cuda.is_available() else 'cpu'))"
            )
        else:
            notes.append(
                f"the script stopped with {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
            )
    if not rec.losses and error is None:
        notes.append("no loss function was called: the script never trained, so there was little to check")
    if rec.losses and not rec.loaders:
        notes.append("no DataLoader was used: the data-order checks did not run")
    return notes
