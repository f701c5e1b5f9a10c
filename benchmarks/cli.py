"""How long the learner's commands take, each in a fresh process, compared with `import torch`.

    python benchmarks/cli.py

Prints bare Python start-up, `import torch`, `realdata exercises list / progress / hint / solution`, and
the time to check one exercise of each lesson (its reference solution, in its notebook's context) from a
fresh process, next to that exercise's own work (the same check again in the warm process).
Targets: list/progress/hint <= 0.25x `import torch`; a Lesson 1 check <= 1.5x `import torch` + its work.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time

REPEAT = 3
CHECK = """
import json, sys, time
start = time.perf_counter()
from realdata.course import registry
from realdata.course.context import check_code
exercise_id = sys.argv[1]
result = check_code(exercise_id, registry.exercise(exercise_id).solution)
first = time.perf_counter() - start
again = time.perf_counter()
check_code(exercise_id, registry.exercise(exercise_id).solution)
print(json.dumps({"passed": result.passed, "first": first, "work": time.perf_counter() - again}))
"""


def timed(args: list[str]) -> float:
    runs = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    py = sys.executable
    bare = timed([py, "-c", "pass"])
    torch_s = timed([py, "-c", "import torch"])
    vision_s = timed([py, "-c", "import torch, torchvision"])
    print(f"{'bare python start-up':<34} {bare:6.2f} s")
    print(f"{'import torch':<34} {torch_s:6.2f} s")
    print(
        f"{'import torch, torchvision':<34} {vision_s:6.2f} s  (the exercise notebooks' set-up cells need both)"
    )
    with tempfile.TemporaryDirectory() as ws:
        for command in (
            ["exercises", "list"],
            ["progress"],
            ["exercises", "hint", "1.1"],
            ["exercises", "solution", "1.1"],
        ):
            extra = [] if command == ["exercises", "list"] else ["--workspace", ws]
            t = timed([py, "-m", "realdata", *command, *extra])
            print(f"{'realdata ' + ' '.join(command):<34} {t:6.2f} s  ({t / torch_s:.2f}x import torch)")
    for exercise_id in ("1.1", "2.2", "3.3"):
        out = subprocess.run(
            [py, "-c", CHECK, exercise_id], check=True, capture_output=True, text=True
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        total = r["first"] + bare
        print(
            f"{'check ' + exercise_id + ' (fresh process)':<34} {total:6.2f} s  passed={r['passed']}  its own work "
            f"{r['work']:.2f} s  ratio to (import torch + work) {total / (torch_s + r['work']):.2f}, "
            f"to (import torch, torchvision + work) {total / (vision_s + r['work']):.2f}"
        )


if __name__ == "__main__":
    main()
