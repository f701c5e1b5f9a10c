# expect: pass
for rate in [10.0, 0.1, 0.0001]:
    train_and_log(f"runs/ex3.5/lr-{rate}", rate, 3)

# lr 10.0: the loss explodes to the tens of thousands and the accuracy stays at chance
# lr 0.0001: the loss barely moves from 2.3
diverged = 10.0
crawled = 0.0001
