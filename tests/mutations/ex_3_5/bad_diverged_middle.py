# expect: fail
# subtle: no
# mistake: names 0.1 (the rate that learns) as the one that diverged
# words: diverged|10.0|0.1
for rate in (10.0, 0.1, 0.0001):
    train_and_log(f"runs/ex3.5/lr-{rate}", rate, 3)

diverged = 0.1
crawled = 0.0001
