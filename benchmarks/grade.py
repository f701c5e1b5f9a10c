"""Grading a class in parallel: notebooks per minute with 1 and 2 Dask workers, and the speedup.

Run:  python benchmarks/grade.py                 # 40 notebooks, --workers 1 then --workers 2
      python benchmarks/grade.py -n 12 --timeout 10

It generates a class of N lesson-1 exercise notebooks, a mix an instructor meets:
honest (every exercise solved), partly wrong (some exercises left as the starter, one
wrong answer), crashing (a cell raises), and looping (an endless loop, which costs one
cell time limit). Then it grades the folder with ``realdata.course.batch.grade_folder``
on a LocalCluster of 1 worker and of 2 workers, and prints

    workers 1: T s, R notebooks/min
    workers 2: T s, R notebooks/min
    speedup: X   rows identical: yes/no

Each run starts its own cluster (its start-up is included in the time).

      python benchmarks/grade.py --cases

grades instead the cases others wrote from the issue alone (tests/grading_cases/: notebooks that
forge marks, that try to harm the batch, and honest ones in unusual styles) as one class beside an
honest classmate, and prints each case's verdict and the score per kind.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from course_helpers import KINDS, read_grading_cases, solutions, write_notebook  # noqa: E402
from realdata.course.batch import GradeConfig, grade_folder  # noqa: E402

WRONG_14 = "def iterations_per_epoch(n_samples, batch_size):\n    return n_samples // batch_size\n"
CRASH = "raise RuntimeError('my cell blew up')\n"
LOOP = "def train_epoch(model, loader, loss_fn, optimizer):\n    while True:\n        pass\ntrain_epoch(1, 2, 3, 4)\n"


def make_class(folder: Path, n: int) -> dict[str, int]:
    """n notebooks in four kinds, in a fixed order; returns how many of each."""
    kinds = {"honest": 0, "partly-wrong": 0, "crashing": 0, "looping": 0}
    for i in range(n):
        kind = ("honest", "partly-wrong", "crashing", "honest", "partly-wrong", "looping")[i % 6]
        if kind == "honest":
            answers = solutions()
        elif kind == "partly-wrong":
            answers = solutions("1.1", "1.2") | {"1.4": WRONG_14}
        elif kind == "crashing":
            answers = solutions("1.1", "1.3", "1.4") | {"1.2": CRASH}
        else:
            answers = solutions("1.1", "1.2") | {"1.3": LOOP}
        write_notebook(folder / f"student{i:02d}-{kind}.ipynb", answers)
        kinds[kind] += 1
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=40, help="notebooks in the class")
    parser.add_argument("--timeout", type=float, default=10, help="seconds per cell")
    parser.add_argument("--cases", action="store_true", help="grade the independent cases instead")
    args = parser.parse_args()
    if args.cases:
        run_cases()
        return

    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp) / "class"
        subs.mkdir()
        kinds = make_class(subs, args.n)
        print(f"class of {args.n}: " + ", ".join(f"{v} {k}" for k, v in kinds.items()), flush=True)
        config = GradeConfig(timeout=args.timeout, notebook_timeout=600)
        results = {}
        for workers in (1, 2):
            out = Path(tmp) / f"grades-{workers}.csv"
            start = time.perf_counter()
            grade_folder(subs, out, config=config, workers=workers)
            seconds = time.perf_counter() - start
            results[workers] = (seconds, out.read_text())
            print(
                f"workers {workers}: {seconds:.1f} s, {args.n / seconds * 60:.1f} notebooks/min", flush=True
            )
        speedup = results[1][0] / results[2][0]
        same = results[1][1] == results[2][1]
        print(f"speedup: {speedup:.2f}   rows identical: {'yes' if same else 'no'}")
        if not same:
            print(results[1][1], results[2][1], sep="\n---\n")


def run_cases() -> None:
    import csv

    cases = read_grading_cases(Path(__file__).resolve().parent.parent / "tests" / "grading_cases")
    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp) / "class"
        subs.mkdir()
        write_notebook(subs / "victim.ipynb", solutions("1.1"))
        for case in cases:
            write_notebook(subs / f"{case.name}.ipynb", case.cells)
        out = Path(tmp) / "grades.csv"
        start = time.perf_counter()
        grade_folder(subs, out, config=GradeConfig(timeout=20, notebook_timeout=120), workers=2)
        seconds = time.perf_counter() - start
        rows = {r["submission"]: r for r in csv.DictReader(out.open())}
    score = {k: [0, 0] for k in KINDS}
    for case in cases:
        row = rows.get(f"{case.name}.ipynb")
        wrong = case.judge(row) if row is not None else ["no row"]
        score[case.kind][0] += not wrong
        score[case.kind][1] += 1
        print(f"{'ok  ' if not wrong else 'FAIL'} {case.name}: {'; '.join(wrong) or case.what}")
    victim = rows.get("victim.ipynb", {})
    intact = (victim.get("1.1"), victim.get("total"), victim.get("problems")) == ("1.00", "1.00", "")
    print(
        f"graded {len(cases) + 1} notebooks in {seconds:.0f} s; honest classmate intact: {'yes' if intact else 'no'}"
    )
    print("independent cases: " + ", ".join(f"{k} {ok}/{n}" for k, (ok, n) in score.items()))


if __name__ == "__main__":
    main()
