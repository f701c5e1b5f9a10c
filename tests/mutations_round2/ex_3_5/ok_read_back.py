# expect: pass
from pathlib import Path

from realdata.training.tracking import read_scalars

rates = (10.0, 0.1, 0.0001)
for lr in rates:
    train_and_log(str(Path("runs") / "ex3.5" / f"lr-{lr}"), lr=lr, epochs=3)

curves = {lr: [v for _, v in read_scalars(Path("runs") / "ex3.5" / f"lr-{lr}")["loss/train"]] for lr in rates}
for lr, losses in curves.items():
    print(f"lr {lr}: {[round(v, 3) for v in losses]}")

# diverged: the largest loss anywhere (it shoots far above the 2.3 it starts from)
diverged = max(rates, key=lambda lr: max(curves[lr]))
# crawled: the smallest change from first to last epoch among the others
crawled = min((lr for lr in rates if lr != diverged), key=lambda lr: abs(curves[lr][0] - curves[lr][-1]))
print("diverged:", diverged, "crawled:", crawled)
