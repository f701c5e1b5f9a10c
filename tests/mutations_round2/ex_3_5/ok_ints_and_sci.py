# expect: pass
train_and_log("runs/ex3.5/lr-10.0", 10.0, 3)
train_and_log("runs/ex3.5/lr-0.1", 0.1, 3)
train_and_log("runs/ex3.5/lr-0.0001", 1e-4, 3)
diverged = 10
crawled = 1e-4
