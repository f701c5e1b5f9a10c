# expect: fail
# subtle: yes
# mistake: copy-paste from 3.4: the runs are logged under runs/ex3.4/ instead of runs/ex3.5/
# words: ex3.5|folder|runs
for lr in (10.0, 0.1, 0.0001):
    train_and_log(f"runs/ex3.4/lr-{lr}", lr, 3)
diverged = 10.0
crawled = 0.0001
