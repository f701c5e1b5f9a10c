"""Issue 12 measured: checkpoint fuzzing, concurrent progress, and the independent cases' scores.

Run:  python benchmarks/reliability.py            # everything (about 10 minutes on 2 cores)
      python benchmarks/reliability.py --no-cli   # skip the CLI cases (subprocesses, the slow part)

Prints, measured in this run:
- fuzz: checkpoints truncated, bit-flipped and zeroed at many offsets -> refused (one line),
  loaded back exactly equal (the change reached no value), crashed, or loaded silently changed;
- load: the cost of the checksum and schema checks, as a ratio to a bare ``torch.load``;
- progress: two processes x 200 updates -> updates recorded, and ms per update;
- the independent cases (written by helpers from the issue alone), main and extra sets apart:
  ``<suite>: N/M as their writers expected`` (+ cases where we chose otherwise, see DISAGREE).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import torch  # noqa: E402

from realdata.data.mnist import ensure  # noqa: E402
from realdata.errors import CheckpointError  # noqa: E402
from realdata.models import SimpleMLP  # noqa: E402
from realdata.training import checkpoint as ckpt  # noqa: E402
from reliability_helpers import (  # noqa: E402
    DISAGREE,
    checkpoint_cases,
    cli_cases,
    judge_checkpoint,
    judge_cli,
    judge_progress,
    progress_cases,
    train_once,
)


def fuzz(tmp: Path, trials: int = 1500) -> None:
    torch.manual_seed(0)
    model = SimpleMLP()
    optimizer = torch.optim.Adam(model.parameters())
    model(torch.randn(8, 1, 28, 28)).sum().backward()
    optimizer.step()
    path = tmp / "simple.pt"
    row = dict(epoch=1, train_loss=0.5, train_accuracy=0.9, test_loss=0.4, test_accuracy=0.91, seconds=1.0)
    ckpt.save(path, model=model, optimizer=optimizer, config={}, history=[row], generator=torch.Generator())
    good = path.read_bytes()
    reference = ckpt.checksum(ckpt.load(path))
    rnd = random.Random(0)
    counts = {"refused": 0, "loaded equal": 0, "LOADED CHANGED": 0, "CRASHED": 0}
    kinds = ("truncate", "flip", "zero")
    for i in range(trials):
        kind, data = kinds[i % 3], bytearray(good)
        at = rnd.randrange(len(good))
        if kind == "truncate":
            data = data[:at]
        elif kind == "flip":
            data[at] ^= 1 << rnd.randrange(8)
        else:
            data[at : at + 64] = bytes(len(data[at : at + 64]))
        path.write_bytes(bytes(data))
        try:
            state = ckpt.load(path)
            fresh = SimpleMLP()
            ckpt.restore(state, model=fresh, optimizer=torch.optim.Adam(fresh.parameters()), path=path)
            counts["loaded equal" if ckpt.checksum(state) == reference else "LOADED CHANGED"] += 1
        except CheckpointError:
            counts["refused"] += 1
        except Exception:  # noqa: BLE001
            counts["CRASHED"] += 1
    print(
        f"fuzz: {trials} damaged checkpoints ({len(good):,} bytes): "
        + ", ".join(f"{k} {v}" for k, v in counts.items())
    )

    path.write_bytes(good)
    t0 = time.perf_counter()
    for _ in range(20):
        torch.load(path, weights_only=True)
    bare = (time.perf_counter() - t0) / 20
    t0 = time.perf_counter()
    for _ in range(20):
        ckpt.load(path)
    checked = (time.perf_counter() - t0) / 20
    print(
        f"load: torch.load {bare * 1000:.1f} ms, checked load {checked * 1000:.1f} ms (ratio {checked / bare:.2f})"
    )


WRITER = """
import sys
from realdata.course.progress import Progress
progress = Progress.load(sys.argv[1])
for i in range(200):
    progress.record_check(f"{sys.argv[2]}.{i}", passed=False, score=0.0)
"""


def concurrent_progress(tmp: Path) -> None:
    import json

    t0 = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp), tag]) for tag in ("a", "b")]
    for p in procs:
        p.wait()
    seconds = time.perf_counter() - t0
    saved = json.loads((tmp / ".realdata" / "progress.json").read_text())["exercises"]
    print(f"progress: 2 processes x 200 updates -> {len(saved)}/400 recorded in {seconds:.1f} s "
          f"(including two interpreter starts; {seconds / 400 * 1000:.1f} ms per update)")  # fmt: skip


def score(name: str, cases: list, judge) -> None:  # noqa: ANN001
    failures = []
    for case in cases:
        with tempfile.TemporaryDirectory() as tmp:
            problem = judge(case, Path(tmp))
        if problem is not None:
            failures.append((case.name, problem))
    ours = sum(1 for c in cases if c.name in DISAGREE)
    agreed = len(cases) - len(failures) - ours
    print(
        f"{name}: {agreed}/{len(cases)} as their writers expected"
        + (f" (+{ours} where we chose otherwise)" if ours else "")
    )
    for case_name, problem in failures:
        print(f"    FAILED {case_name}: {problem[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-cli", action="store_true", help="skip the CLI cases")
    args = parser.parse_args()
    torch.set_num_threads(1)
    root = ensure().root
    with tempfile.TemporaryDirectory() as tmp:
        fuzz(Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        concurrent_progress(Path(tmp))

    from realdata.course.workspace import init_workspace

    with tempfile.TemporaryDirectory() as base:
        trained = train_once(Path(base) / "trained")
        template = Path(base) / "ws"
        init_workspace(template)
        for label, suite in (("main", "CASES"), ("extra", "EXTRA_CASES")):
            score(f"checkpoint cases ({label})", getattr(checkpoint_cases, suite),
                  lambda c, t: judge_checkpoint(c, trained, t))  # fmt: skip
            score(
                f"progress cases ({label})",
                getattr(progress_cases, suite),
                lambda c, t: judge_progress(c, template, t),
            )
        if not args.no_cli:
            score("CLI cases", cli_cases.CASES, lambda c, t: judge_cli(c, t, root))


if __name__ == "__main__":
    main()
