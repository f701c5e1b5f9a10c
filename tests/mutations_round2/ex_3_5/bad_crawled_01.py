# expect: fail
# subtle: yes
# mistake: names 0.1 (the rate that learns well) as the one that crawled, instead of 0.0001
# words: 0.0001|crawled|0.1
for lr in (10.0, 0.1, 0.0001):
    train_and_log(f"runs/ex3.5/lr-{lr}", lr, 3)
diverged = 10.0
crawled = 0.1
