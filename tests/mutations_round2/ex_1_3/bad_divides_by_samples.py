# expect: fail
# subtle: yes
# mistake: sums the batch-mean losses but divides by the number of samples instead of the number of batches
# words: mean|batches|divide|samples
def train_epoch(model, loader, loss_fn, optimizer):
    total = 0.0
    for x_batch, y_batch in loader:
        loss = loss_fn(model(x_batch), y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / len(loader.dataset)
