# expect: pass
import os

run_dirs = {lr: os.path.join("runs", "ex3.5", "lr-" + str(lr)) for lr in [10.0, 0.1, 1e-4]}
for lr, run_dir in run_dirs.items():
    print("logging", run_dir)
    train_and_log(run_dir, lr, 3)

diverged: float = 10
crawled: float = 0.0001
