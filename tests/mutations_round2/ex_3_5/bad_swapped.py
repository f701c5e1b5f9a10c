# expect: fail
# subtle: no
# mistake: diverged and crawled are swapped
# words: swap|10|0.0001
for lr in (10.0, 0.1, 0.0001):
    train_and_log(f"runs/ex3.5/lr-{lr}", lr, 3)
diverged = 0.0001
crawled = 10.0
