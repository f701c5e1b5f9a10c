# expect: fail
# subtle: no
# mistake: feeds the whole (x, y) batch list to the model instead of unpacking it, which crashes
# words: unpack|batch|x_batch|list
def train_epoch(model, loader, loss_fn, optimizer):
    losses = []
    for batch in loader:
        loss = loss_fn(model(batch), batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
