# expect: pass
for rate in (10.0, 0.1, 0.0001):
    train_and_log(f"runs/ex3.5/lr-{rate}", rate, 3)

diverged = 10.0
crawled = 0.0001
