# expect: fail
# subtle: no
# mistake: returns the sum of the batch losses, never divided by the number of batches
# words: sum|mean|divide
def train_epoch(model, loader, loss_fn, optimizer):
    epoch_loss = 0.0
    for x_batch, y_batch in loader:
        loss = loss_fn(model(x_batch), y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        epoch_loss += loss.item()
    return epoch_loss
