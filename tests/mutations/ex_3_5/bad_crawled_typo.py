# expect: fail
# subtle: yes
# mistake: the runs are right but crawled is answered as 0.001, a rate that was never run
# words: 0.0001|0.001|crawled
for rate in (10.0, 0.1, 0.0001):
    train_and_log(f"runs/ex3.5/lr-{rate}", rate, 3)

diverged = 10.0
crawled = 0.001
