# expect: fail
# subtle: no
# mistake: the answers are swapped: diverged names 0.0001 and crawled names 10.0
# words: diverged|crawled|10.0
for rate in (10.0, 0.1, 0.0001):
    train_and_log(f"runs/ex3.5/lr-{rate}", rate, 3)

diverged = 0.0001
crawled = 10.0
