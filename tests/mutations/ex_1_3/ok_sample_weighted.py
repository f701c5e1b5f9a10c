# expect: pass
def train_epoch(model, loader, loss_fn, optimizer):
    """Mean loss per sample: each batch's loss weighted by its size."""
    total, seen = 0.0, 0
    for x_batch, y_batch in loader:
        loss = loss_fn(model(x_batch), y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(x_batch)
        seen += len(x_batch)
    return total / seen
