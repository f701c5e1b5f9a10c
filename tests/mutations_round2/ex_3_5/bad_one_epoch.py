# expect: fail
# subtle: yes
# mistake: each run trains for 1 epoch instead of 3
# words: epoch|3|1
for lr in (10.0, 0.1, 0.0001):
    train_and_log(f"runs/ex3.5/lr-{lr}", lr, 1)
diverged = 10.0
crawled = 0.0001
