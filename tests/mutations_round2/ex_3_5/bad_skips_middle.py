# expect: fail
# subtle: yes
# mistake: only two runs are logged; the 0.1 run is skipped
# words: 0.1|three|run|missing
for lr in (10.0, 0.0001):
    train_and_log(f"runs/ex3.5/lr-{lr}", lr, 3)
diverged = 10.0
crawled = 0.0001
