# expect: fail
# subtle: yes
# mistake: each run is logged for 1 epoch instead of 3
# words: 3|epochs
for rate in (10.0, 0.1, 0.0001):
    train_and_log(f"runs/ex3.5/lr-{rate}", rate, 1)

diverged = 10.0
crawled = 0.0001
