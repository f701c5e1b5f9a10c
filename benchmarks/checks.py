"""The exercise checks on the independent mutation suite (tests/mutations): what they accept and reject.

    python benchmarks/checks.py [-k 2.4]

Per exercise: correct solutions accepted, wrong ones rejected (subtle ones apart), and wrong ones whose
messages contain one of the words the case's author expected a truthful message to use ("named").
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path

from realdata.course.casebook import read_cases
from realdata.course.context import check_code

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    parser.add_argument("-v", action="store_true", help="print every miss with the checks' verdict")
    parser.add_argument(
        "--round",
        choices=["1", "2"],
        default="1",
        help="1: tests/mutations (the checks were fixed against "
        "them); 2: tests/mutations_round2 (written later, never tuned on)",
    )
    args = parser.parse_args()
    folder = "mutations" if args.round == "1" else "mutations_round2"
    cases = [c for c in read_cases(ROOT / "tests" / folder) if args.k in c.name]
    print(f"round {args.round}: tests/{folder}")
    rows: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    misses = []
    start = time.perf_counter()
    for case in cases:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = check_code(case.exercise_id, case.code)
        r = rows[case.exercise_id]
        if case.expect == "pass":
            r["ok"][1] += 1
            r["ok"][0] += result.passed
            if not result.passed:
                misses.append((case, "rejected", result))
            continue
        r["bad"][1] += 1
        r["bad"][0] += not result.passed
        if case.subtle:
            r["subtle"][1] += 1
            r["subtle"][0] += not result.passed
        if result.passed:
            misses.append((case, "passed", result))
        elif case.words:
            text = " ".join(o.message for o in result.outcomes if o.status == "failed").lower()
            r["named"][1] += 1
            named = any(w in text for w in case.words)
            r["named"][0] += named
            if not named:
                misses.append((case, "not named", result))
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    print(
        f"{'exercise':<9} {'correct accepted':>17} {'wrong rejected':>15} {'subtle rejected':>16} {'named':>8}"
    )
    for exercise_id in sorted(rows, key=lambda s: tuple(int(p) for p in s.split("."))):
        r = rows[exercise_id]
        cells = []
        for key in ("ok", "bad", "subtle", "named"):
            a, b = r[key]
            total[key][0] += a
            total[key][1] += b
            cells.append(f"{a}/{b}")
        print(f"{exercise_id:<9} {cells[0]:>17} {cells[1]:>15} {cells[2]:>16} {cells[3]:>8}")
    cells = [f"{a}/{b}" for a, b in (total[k] for k in ("ok", "bad", "subtle", "named"))]
    print(f"{'all':<9} {cells[0]:>17} {cells[1]:>15} {cells[2]:>16} {cells[3]:>8}")
    print(f"{len(cases)} cases in {time.perf_counter() - start:.0f} s")
    for case, what, result in misses:
        print(f"\n{what.upper()}: {case.name}" + (f" ({case.mistake})" if case.mistake else ""))
        if args.v:
            print(str(result))
    sys.exit(0)


if __name__ == "__main__":
    main()
