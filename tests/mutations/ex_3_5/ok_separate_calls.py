# expect: pass
train_and_log("runs/ex3.5/lr-0.0001", 0.0001, epochs=3)
train_and_log("runs/ex3.5/lr-0.1", 0.1, epochs=3)
train_and_log("runs/ex3.5/lr-10.0", 10.0, epochs=3)

# lr 10.0: the loss blows up; lr 0.0001: the loss hardly moves
diverged, crawled = 10.0, 1e-4
