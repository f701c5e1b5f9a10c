# expect: fail
# subtle: yes
# mistake: returns the loss of the last batch instead of the mean over the epoch
# words: mean|last|batch
def train_epoch(model, loader, loss_fn, optimizer):
    for x_batch, y_batch in loader:
        loss = loss_fn(model(x_batch), y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return loss.item()
