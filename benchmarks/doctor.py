"""The training doctor on its public scenario suite: recall, false alarms, overhead.

Run:  python benchmarks/doctor.py

For every category it runs the buggy script and its fixed twin twice: plainly
(`python script.py`) and under the doctor (`python -m realdata doctor run script.py --json`),
each as a fresh process, and prints a confusion table and, last, the line

    recall: R false_alarms: F overhead: O

R = buggy scripts whose category is among the findings / buggy scripts;
F = fixed twins with any finding / fixed twins;
O = median over all scripts of (doctor wall time / plain wall time).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from realdata.doctor.scenarios import scenarios


def timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    return time.perf_counter() - start, proc


def doctor_findings(script: Path) -> tuple[float, list[str]]:
    seconds, proc = timed([sys.executable, "-m", "realdata", "doctor", "run", str(script), "--json"])
    lines = proc.stdout.strip().splitlines()
    report = json.loads(lines[-1]) if lines else {"findings": []}
    return seconds, sorted(f["category"] for f in report["findings"])


def in_process_overhead() -> tuple[float, float]:
    """One epoch of SimpleMLP on MNIST (938 steps), plain vs under the doctor's Recorder, same process."""
    import torch
    from torch import nn

    from realdata.data.loaders import make_loaders
    from realdata.data.mnist import default_root
    from realdata.doctor.instrument import Recorder
    from realdata.models import SimpleMLP
    from realdata.training.loop import train_one_epoch

    torch.set_num_threads(1)
    loaders = make_loaders(default_root(), seed=0)

    def epoch() -> float:
        torch.manual_seed(0)
        model = SimpleMLP()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        start = time.perf_counter()
        train_one_epoch(model, loaders.train, nn.CrossEntropyLoss(), optimizer, progress=False)
        return time.perf_counter() - start

    plain, watched = [], []
    for _ in range(2):
        plain.append(epoch())
        with Recorder():
            watched.append(epoch())
    return min(plain), min(watched)


def main() -> None:
    plain_s, watched_s = in_process_overhead()
    print(
        f"one training epoch in-process: plain {plain_s:.2f} s, under the doctor {watched_s:.2f} s "
        f"(ratio {watched_s / plain_s:.3f})"
    )
    rows, ratios = [], []
    detected = clean = 0
    all_scenarios = scenarios()
    for s in all_scenarios:
        plain_bug, _ = timed([sys.executable, str(s.bug)])
        plain_fixed, _ = timed([sys.executable, str(s.fixed)])
        doc_bug, bug_found = doctor_findings(s.bug)
        doc_fixed, fixed_found = doctor_findings(s.fixed)
        ratios += [doc_bug / plain_bug, doc_fixed / plain_fixed]
        hit = s.category in bug_found
        detected += hit
        clean += not fixed_found
        others = [c for c in bug_found if c != s.category]
        rows.append(
            (
                s.category,
                "yes" if hit else "NO",
                ", ".join(others) or "-",
                ", ".join(fixed_found) or "-",
                f"{plain_bug:.1f}/{doc_bug:.1f}",
                f"{plain_fixed:.1f}/{doc_fixed:.1f}",
            )
        )
        print(f"  ran {s.category}", file=sys.stderr, flush=True)

    header = (
        "category",
        "bug found",
        "also reported on the bug",
        "reported on the fixed twin",
        "bug s plain/doctor",
        "fixed s plain/doctor",
    )
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)))
    n = len(all_scenarios)
    print(f"\nbuggy scripts detected: {detected}/{n}; fixed twins without findings: {clean}/{n}")
    print(
        f"recall: {detected / n:.3f} false_alarms: {(n - clean) / n:.3f} overhead: {statistics.median(ratios):.3f}"
    )


if __name__ == "__main__":
    main()
