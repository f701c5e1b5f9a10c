# expect: fail
# subtle: no
# mistake: the answers are words, not learning rates
# words: rate|number|10
for lr in (10.0, 0.1, 0.0001):
    train_and_log(f"runs/ex3.5/lr-{lr}", lr, 3)
diverged = "the big one"
crawled = "the small one"
