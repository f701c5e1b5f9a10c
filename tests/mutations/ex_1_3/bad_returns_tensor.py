# expect: fail
# subtle: no
# mistake: returns a tensor (with its graph) instead of a Python number
# words: number|float|tensor|item
def train_epoch(model, loader, loss_fn, optimizer):
    total = 0
    count = 0
    for x_batch, y_batch in loader:
        loss = loss_fn(model(x_batch), y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total = total + loss
        count += 1
    return total / count
