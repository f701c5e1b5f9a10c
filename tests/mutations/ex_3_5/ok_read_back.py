# expect: pass
import math
from pathlib import Path

from realdata.training.tracking import read_scalars

rates = [10.0, 0.1, 0.0001]
root = Path("runs") / "ex3.5"
for rate in rates:
    train_and_log(str(root / f"lr-{rate}"), rate, 3)

losses = {rate: [value for _, value in read_scalars(root / f"lr-{rate}")["loss/train"]] for rate in rates}
for rate, curve in losses.items():
    print(f"lr {rate}: {curve}")


def badness(curve):  # the highest loss the run reached (NaN counts as infinite)
    return math.inf if any(math.isnan(v) for v in curve) else max(curve)


diverged = max(rates, key=lambda r: badness(losses[r]))
crawled = min(rates, key=lambda r: abs(losses[r][0] - losses[r][-1]))
assert diverged == 10.0 and crawled == 0.0001
