# expect: fail
# subtle: yes
# mistake: runs the lesson's rate 1.0 instead of 10.0 (folder runs/ex3.5/lr-1.0), and answers 1.0
# words: 10|1.0|rate
for lr in (1.0, 0.1, 0.0001):
    train_and_log(f"runs/ex3.5/lr-{lr}", lr, 3)
diverged = 1.0
crawled = 0.0001
