# expect: fail
# subtle: yes
# mistake: only two runs are logged; the lr-0.0001 run is missing
# words: 0.0001|run|missing
for rate in (10.0, 0.1):
    train_and_log(f"runs/ex3.5/lr-{rate}", rate, 3)

diverged = 10.0
crawled = 0.0001
