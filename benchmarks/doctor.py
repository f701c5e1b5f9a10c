"""The training doctor on its scenario suites: recall, false alarms, overhead, and time to the verdict.

Run:  python benchmarks/doctor.py                    # both suites, plain and doctor runs
      python benchmarks/doctor.py --suite independent --no-plain -k label

Every script runs as a fresh process under the doctor (`python -m realdata doctor run
script.py --json`) and, unless --no-plain, plainly (`python script.py`) for the overhead.
Both get OMP_NUM_THREADS=1 so that timings are comparable on a shared 2-core machine.
For each suite it prints a confusion table and the line

    <suite>: recall R (b/B) false_alarms F (h/H) errors_ok E overhead O

Suites: "public" (ours), "independent" (round 1, written by others from the descriptions; the rules
were tuned after seeing its first results), "round2" (written by others later, run untuned).
R = buggy scripts whose planted category is among the findings / buggy scripts;
F = healthy scripts with any finding / healthy scripts;
E = not-runnable inputs that got exit status 2 and a clear message;
O = median over the suite of (doctor wall time / plain wall time).
Last, SimpleMLP on MNIST in-process, plain and under the Recorder, in back-to-back pairs (ABBA order):
one epoch of the fast in-memory pipeline (--pairs pairs; the target, <= 1.10, is on this figure: the leanest
step there is, so the doctor's fixed cost per step weighs most), then three epochs of it, then one epoch of
the canonical torchvision pipeline. Each overhead is the median of the pairs' ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from realdata.doctor.scenarios import Case, cases

ENV = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
PAIRS = 10  # in-process epochs: plain and watched, interleaved, each first in half of the pairs


def timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=ENV, cwd=Path(cmd[-1]).parent)
    return time.perf_counter() - start, proc


def under_doctor(case: Case, fast: bool) -> dict:
    cmd = [sys.executable, "-m", "realdata", "doctor", "run", "--json"]
    seconds, proc = timed([*cmd, *(["--fast"] if fast else []), str(case.path)])
    lines = proc.stdout.strip().splitlines()
    try:
        report = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        report = {"findings": [], "unchecked": [], "script": {}, "broken": proc.stderr[-2000:]}
    report["seconds"] = seconds
    report["status"] = proc.returncode
    return report


def verdict(case: Case, report: dict) -> str:
    found = sorted(f["category"] for f in report["findings"])
    if case.expect == "error":
        ok = report["status"] == 2 and report.get("script", {}).get("ended") in {"not-run", "error", "exit"}
        return "ok" if ok else "MISSED"
    if case.expect == "healthy":
        return "ok" if not found else "FALSE ALARM"
    return "ok" if case.expect in found else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", choices=["all", "public", "independent", "round2"], default="all")
    parser.add_argument("-k", default="", help="only scripts whose name contains this")
    parser.add_argument("--exclude", default=None, help="skip scripts whose name starts with this")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain runs (no overhead figure)")
    parser.add_argument("--fast", action="store_true", help="run the doctor with --fast")
    parser.add_argument("--jobs", type=int, default=1, help="scripts run at once (timings need 1)")
    parser.add_argument("--overhead-only", action="store_true", help="only the in-process overhead")
    parser.add_argument("--pairs", type=int, default=PAIRS, help="plain/watched epoch pairs for the overhead")
    args = parser.parse_args()

    if args.overhead_only:
        report_overhead(args.pairs)
        return
    selected = [
        c
        for c in cases(args.suite)
        if args.k in c.name and not (args.exclude and c.name.startswith(args.exclude))
    ]

    def one(case: Case) -> tuple[Case, dict, float | None]:
        report = under_doctor(case, args.fast)
        plain = None
        if not args.no_plain and case.expect != "error":
            plain, _ = timed([sys.executable, str(case.path)])
        return case, report, plain

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(one, selected))

    for suite in ("public", "independent", "round2"):
        rows = [r for r in results if r[0].suite == suite]
        if not rows:
            continue
        print(f"\n== {suite} suite ({len(rows)} scripts)")
        print(f"{'script':<58} {'expect':<30} {'result':<12} {'findings':<40} doctor s / plain s")
        bugs = hits = healthy = alarms = errors = errors_ok = 0
        ratios = []
        for case, report, plain in rows:
            v = verdict(case, report)
            found = ",".join(sorted(f["category"] for f in report["findings"])) or "-"
            timing = f"{report['seconds']:.1f}" + (f" / {plain:.1f}" if plain else "")
            print(f"{case.name:<58} {case.expect:<30} {v:<12} {found:<40} {timing}")
            if "broken" in report:
                print(f"    (no JSON report: {report['broken'][-300:]!r})")
            if case.expect == "error":
                errors += 1
                errors_ok += v == "ok"
            elif case.expect == "healthy":
                healthy += 1
                alarms += v != "ok"
            else:
                bugs += 1
                hits += v == "ok"
            if plain:
                ratios.append(report["seconds"] / plain)
        recall = hits / bugs if bugs else float("nan")
        false_alarms = alarms / healthy if healthy else float("nan")
        overhead = f"{statistics.median(ratios):.2f}" if ratios else "n/a"
        print(
            f"{suite}: recall {recall:.2f} ({hits}/{bugs}) false_alarms {false_alarms:.2f} ({alarms}/{healthy}) "
            f"errors_ok {errors_ok}/{errors} overhead {overhead}"
        )
    if not args.no_plain:
        report_overhead(args.pairs)


def report_overhead(pairs: int = PAIRS) -> None:
    """The in-process overhead: the target's figure first, then two runs closer to a learner's."""
    runs = [  # (what, pipeline, epochs, pairs)
        ("one epoch, fast pipeline (the target's figure)", "fast", 1, pairs),
        ("three epochs, fast pipeline", "fast", 3, max(2, pairs // 3)),
        ("one epoch, canonical pipeline (torchvision transforms)", "canonical", 1, max(2, pairs // 3)),
    ]
    print()
    for what, pipeline, epochs, n in runs:
        plain, watched = in_process_overhead(n, pipeline=pipeline, epochs=epochs)
        ratios = sorted(w / p for p, w in zip(plain, watched, strict=True))
        print(
            f"in-process, {what}, {n} pairs: plain median {statistics.median(plain):.2f} s, under the doctor "
            f"{statistics.median(watched):.2f} s; overhead (median of the pairs' ratios) "
            f"{statistics.median(ratios):.3f} (pairs from {ratios[0]:.3f} to {ratios[-1]:.3f})",
            flush=True,
        )


def in_process_overhead(
    pairs: int, *, pipeline: str = "fast", epochs: int = 1
) -> tuple[list[float], list[float]]:
    """SimpleMLP on MNIST (938 steps an epoch), plain vs under the doctor's Recorder, same process.

    Returns the plain and the watched run times, pair by pair.
    """
    import torch
    from torch import nn

    from realdata.data.loaders import make_loaders
    from realdata.data.mnist import default_root
    from realdata.doctor.diagnosis import Diagnosis
    from realdata.doctor.instrument import Recorder
    from realdata.models import SimpleMLP
    from realdata.training.loop import train_one_epoch

    torch.set_num_threads(1)
    loaders = make_loaders(default_root(), seed=0, pipeline=pipeline)

    def run() -> float:
        torch.manual_seed(0)
        model = SimpleMLP()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        start = time.perf_counter()
        for _ in range(epochs):
            train_one_epoch(model, loaders.train, nn.CrossEntropyLoss(), optimizer, progress=False)
        return time.perf_counter() - start

    def watched_run() -> float:
        with Recorder(on_check=Diagnosis().check):
            return run()

    # The machine's speed drifts by 5-10% over seconds (other tenants), and the second of two back-to-back
    # runs often runs slower: run each pair back to back, alternate which goes first (ABBA), and take the
    # median of the pairs' ratios, so that a slow stretch slows both halves of a pair, not one side.
    run()  # warm-up: first-call costs (kernels, allocator) would land on one side
    plain, watched = [], []
    for i in range(pairs):
        if i % 2 == 0:
            plain.append(run())
            watched.append(watched_run())
        else:
            watched.append(watched_run())
            plain.append(run())
    return plain, watched


if __name__ == "__main__":
    main()
