# expect: fail
# subtle: no
# mistake: accumulates the loss tensors without .item(), so it returns a tensor (still attached to the graph) instead of a Python number
# words: item|tensor|number|float
def train_epoch(model, loader, loss_fn, optimizer):
    total = 0
    n = 0
    for x_batch, y_batch in loader:
        loss = loss_fn(model(x_batch), y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total = total + loss
        n += 1
    return total / n
