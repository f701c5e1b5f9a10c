# expect: fail
# subtle: yes
# mistake: the low rate is run as 0.001 instead of 0.0001 (run and answer)
# words: 0.0001|0.001
for rate in (10.0, 0.1, 0.001):
    train_and_log(f"runs/ex3.5/lr-{rate}", rate, 3)

diverged = 10.0
crawled = 0.001
