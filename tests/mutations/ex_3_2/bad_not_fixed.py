# expect: fail
# subtle: no
# mistake: fixed is still the broken model (Linear(128, 64) left as is), so MNIST batches still fail
# words: 128|256|shape
bad_layer = 3
fixed = broken
