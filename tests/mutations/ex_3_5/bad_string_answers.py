# expect: fail
# subtle: no
# mistake: the answers are the run folder names as strings instead of the learning rates as numbers
# words: number|string
for rate in (10.0, 0.1, 0.0001):
    train_and_log(f"runs/ex3.5/lr-{rate}", rate, 3)

diverged = "lr-10.0"
crawled = "lr-0.0001"
