# expect: pass
def train_epoch(model, loader, loss_fn, optimizer) -> float:
    """One pass over the loader, one update per batch; returns the mean batch loss."""
    total, n_batches = 0.0, 0
    for n_batches, (inputs, targets) in enumerate(loader, start=1):
        optimizer.zero_grad(set_to_none=True)
        predictions = model(inputs)
        loss = loss_fn(predictions, targets)
        loss.backward()
        optimizer.step()
        total += float(loss)
    return total / n_batches
