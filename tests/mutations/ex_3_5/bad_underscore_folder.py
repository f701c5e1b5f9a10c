# expect: fail
# subtle: yes
# mistake: the run folders are named lr_<rate> (underscore) instead of lr-<rate>
# words: lr-|folder|name
for rate in (10.0, 0.1, 0.0001):
    train_and_log(f"runs/ex3.5/lr_{rate}", rate, 3)

diverged = 10.0
crawled = 0.0001
