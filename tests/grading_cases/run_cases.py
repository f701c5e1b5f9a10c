"""Run the adversarial and honest grading cases of this folder through `realdata grade`.

Each case file (`<kind>_<name>.py`) describes one learner notebook: a header of `# kind:`,
`# what:` and `# expect-...` lines, then `# cell ID` sections whose code replaces that exercise's
cell in the lesson-1 exercise notebook. For each case this script builds a class folder holding
the case's notebook (`student.ipynb`) and `victim.ipynb` (an honest notebook that solves 1.1 only),
runs

    python -m realdata grade CLASS --csv grades.csv --timeout 20 --notebook-timeout 120 --workers 2

reads the CSV and checks every expectation, plus what every case must keep:

* the batch finishes (within a hard limit) and writes a CSV with a row for each notebook;
* victim's row is intact: 1.1 = 1.00 and total = 1.00;
* the CSV does not change after `grade` has exited (8 s later for harm cases, 3 s otherwise);
* no process started for the run (its environment marker, or a `rdcase-leftover` command line)
  outlives grading; leftovers are reported and then killed, by pid.

It prints one line per case (`ok` or `FAIL: why`) and a score per kind. Details (timings, the
student's and victim's rows, the tail of grade's stderr) go to _runs/details.txt.

    .venv/bin/python tests/grading_cases/run_cases.py            # every case
    .venv/bin/python tests/grading_cases/run_cases.py harm_kill_parent forge_stdout_swap
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"
RUNS = HERE / "_runs"
KINDS = ("forge", "harm", "honest")
HARD_LIMIT_S = 300  # a run still going after this is killed and counted as "batch did not finish"
TOTAL_BUDGET_S = 24 * 60  # stop starting new cases after this (the machine is shared)
EXERCISES = ("1.1", "1.2", "1.3", "1.4", "1.5")

sys.path.insert(0, str(REPO / "tests"))


@dataclass
class Case:
    path: Path
    kind: str = ""
    what: str = ""
    total: float | None = None
    max_total: float | None = None
    scores: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    no_problems: bool = False
    max_seconds: float | None = None
    cells: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.stem


CELL = re.compile(r"^# cell (\d+\.\d+)\s*$")


def parse_case(path: Path) -> Case:
    case = Case(path)
    current: str | None = None
    body: list[str] = []
    for line in path.read_text().splitlines():
        m = CELL.match(line)
        if m:
            if current is not None:
                case.cells[current] = "\n".join(body).strip("\n") + "\n"
            current, body = m.group(1), []
            continue
        if current is not None:
            body.append(line)
            continue
        s = line.strip()
        if s.startswith("# kind:"):
            case.kind = s.split(":", 1)[1].strip()
        elif s.startswith("# what:"):
            case.what = s.split(":", 1)[1].strip()
        elif s.startswith("# expect-total:"):
            case.total = float(s.split(":", 1)[1].split()[0])
        elif s.startswith("# expect-max-total:"):
            case.max_total = float(s.split(":", 1)[1].split()[0])
        elif s.startswith("# expect-score "):
            ex, value = s[len("# expect-score ") :].split(":", 1)
            case.scores[ex.strip()] = float(value.split()[0])
        elif s.startswith("# expect-problem:"):
            case.problems.append(s.split(":", 1)[1].strip())
        elif s.startswith("# expect-no-problems"):
            case.no_problems = True
        elif s.startswith("# expect-max-seconds:"):
            case.max_seconds = float(s.split(":", 1)[1].split()[0])
    if current is not None:
        case.cells[current] = "\n".join(body).strip("\n") + "\n"
    if case.kind not in KINDS or not case.name.startswith(case.kind + "_"):
        raise SystemExit(f"{path.name}: kind {case.kind!r} does not match the file name")
    return case


def read_csv(path: Path) -> tuple[list[str], list[list[str]]] | None:
    try:
        with open(path, newline="") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if not rows:
        return None
    return rows[0], rows[1:]


def find_row(rows: list[list[str]], stem: str) -> list[str] | None:
    for row in rows:
        for value in row:
            base = os.path.basename(value.strip())
            if base in (stem, stem + ".ipynb"):
                return row
    return None


def columns(header: list[str]) -> dict[str, int]:
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        hl = h.strip().lower()
        for ex in EXERCISES:
            if re.search(rf"(?<![\d.]){re.escape(ex)}(?![\d])", hl) and ex not in cols:
                cols[ex] = i
        if "total" in hl and "total" not in cols:
            cols["total"] = i
        if "problem" in hl and "problems" not in cols:
            cols["problems"] = i
    return cols


def number(row: list[str], cols: dict[str, int], key: str) -> float | None:
    i = cols.get(key)
    if i is None or i >= len(row):
        return None
    try:
        return float(row[i])
    except ValueError:
        return None


def leftovers(name: str) -> list[tuple[int, str]]:
    """Processes started for this run that are still alive: the run's environment marker or
    a command line the cases give their long-lived children."""
    marker = f"RDCASE_RUN={name}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            environ = Path(f"/proc/{entry}/environ").read_bytes()
        except OSError:
            continue
        if not cmdline:
            continue  # zombie or kernel thread
        if b"rdcase-leftover" in cmdline or marker in environ.split(b"\0"):
            found.append((int(entry), cmdline.replace(b"\0", b" ").decode(errors="replace")[:100]))
    return found


def kill_pids(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def run_case(case: Case, details) -> tuple[bool, str, float]:
    from course_helpers import solutions, write_notebook

    run_dir = RUNS / case.name
    shutil.rmtree(run_dir, ignore_errors=True)
    class_dir = run_dir / "class"
    tmp_dir = run_dir / "tmp"
    class_dir.mkdir(parents=True)
    tmp_dir.mkdir()
    write_notebook(class_dir / "student.ipynb", case.cells)
    write_notebook(class_dir / "victim.ipynb", solutions("1.1"))
    csv_path = run_dir / "grades.csv"

    env = dict(os.environ)
    env.pop("REALDATA_RESULTS", None)
    env["TMPDIR"] = str(tmp_dir)
    env["RDCASE_RUN"] = case.name
    cmd = [str(PYTHON), "-m", "realdata", "grade", str(class_dir), "--csv", str(csv_path),
           "--timeout", "20", "--notebook-timeout", "120", "--workers", "2"]
    failures: list[str] = []
    with open(run_dir / "grade.stdout", "wb") as out, open(run_dir / "grade.stderr", "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=run_dir, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                start_new_session=True)
        try:
            rc = proc.wait(timeout=HARD_LIMIT_S)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            rc = proc.wait()
            failures.append(f"batch did not finish within {HARD_LIMIT_S} s")
        elapsed = time.monotonic() - start

    first = csv_path.read_bytes() if csv_path.is_file() else None
    time.sleep(8 if case.kind == "harm" else 3)
    later = csv_path.read_bytes() if csv_path.is_file() else None
    if first != later:
        failures.append("CSV changed after grade exited")

    left = leftovers(case.name)
    if left:
        failures.append(f"{len(left)} processes outlived grading (e.g. {left[0][1]!r})")
        kill_pids([pid for pid, _ in left])

    table = read_csv(csv_path)
    student = victim = None
    cols: dict[str, int] = {}
    if table is None:
        failures.append("no readable CSV")
    else:
        header, rows = table
        cols = columns(header)
        missing = [k for k in (*EXERCISES, "total", "problems") if k not in cols]
        if missing:
            failures.append(f"CSV header lacks {missing}: {header}")
        student = find_row(rows, "student")
        victim = find_row(rows, "victim")
        if victim is None:
            failures.append("victim has no row")
        else:
            v11, vtot = number(victim, cols, "1.1"), number(victim, cols, "total")
            if v11 is None or abs(v11 - 1.0) > 0.005 or vtot is None or abs(vtot - 1.0) > 0.005:
                failures.append(f"victim's row changed: 1.1={v11} total={vtot}")
        if student is None:
            failures.append("the case's notebook has no row")
        else:
            total = number(student, cols, "total")
            problems = student[cols["problems"]] if "problems" in cols and cols["problems"] < len(student) else ""
            if case.total is not None and (total is None or abs(total - case.total) > 0.005):
                failures.append(f"total {total} != {case.total:.2f}")
            if case.max_total is not None and (total is None or total > case.max_total + 0.005):
                failures.append(f"total {total} > max {case.max_total:.2f}")
            for ex, want in case.scores.items():
                got = number(student, cols, ex)
                if got is None or abs(got - want) > 0.005:
                    failures.append(f"{ex} = {got} != {want:.2f}")
            for sub in case.problems:
                if sub.lower() not in problems.lower():
                    failures.append(f"problems lack {sub!r} (problems: {problems[:160]!r})")
            if case.no_problems and problems.strip():
                failures.append(f"problems not empty: {problems[:160]!r}")
    if case.max_seconds is not None and elapsed > case.max_seconds:
        failures.append(f"took {elapsed:.0f} s > {case.max_seconds:.0f} s")

    stderr_tail = (run_dir / "grade.stderr").read_bytes()[-600:].decode(errors="replace")
    details.write(f"== {case.name} ({case.kind}) rc={rc} {elapsed:.1f}s\n")
    details.write(f"   what: {case.what}\n")
    details.write(f"   header: {table[0] if table else None}\n")
    details.write(f"   student: {student}\n   victim: {victim}\n")
    details.write(f"   failures: {failures}\n")
    details.write("   stderr tail: " + stderr_tail.replace("\n", "\n      ") + "\n\n")
    details.flush()
    return not failures, "; ".join(failures), elapsed


def main(argv: list[str]) -> int:
    paths = sorted(p for p in HERE.glob("*_*.py") if p.name != "run_cases.py")
    cases = [parse_case(p) for p in paths]
    if argv:
        cases = [c for c in cases if c.name in argv]
    RUNS.mkdir(exist_ok=True)
    scores = {k: [0, 0] for k in KINDS}
    results = {}
    begin = time.monotonic()
    with open(RUNS / "details.txt", "w") as details:
        for case in cases:
            if time.monotonic() - begin > TOTAL_BUDGET_S:
                print(f"{case.name:<34} SKIP: time budget spent", flush=True)
                results[case.name] = "skip"
                continue
            ok, why, elapsed = run_case(case, details)
            scores[case.kind][1] += 1
            scores[case.kind][0] += ok
            results[case.name] = "ok" if ok else f"FAIL: {why}"
            print(f"{case.name:<34} {'ok' if ok else 'FAIL: ' + why}   [{elapsed:.0f} s]", flush=True)
    print()
    for kind in KINDS:
        passed, total = scores[kind]
        if total:
            print(f"{kind:<7} {passed}/{total}")
    print(f"all     {sum(s[0] for s in scores.values())}/{sum(s[1] for s in scores.values())}"
          f"   ({time.monotonic() - begin:.0f} s)")
    (RUNS / "results.json").write_text(json.dumps(results, indent=1))
    return 0 if all(v == "ok" for v in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
