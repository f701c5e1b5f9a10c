# expect: fail
# subtle: yes
# mistake: uses the lesson's 1.0 instead of 10.0 for the high rate (run and answer)
# words: 10.0|1.0|rate
for rate in (1.0, 0.1, 0.0001):
    train_and_log(f"runs/ex3.5/lr-{rate}", rate, 3)

diverged = 1.0
crawled = 0.0001
