# expect: fail
# subtle: yes
# mistake: takes one batch with next(iter(loader)) and trains on it len(loader) times instead of iterating over the loader
# words: same batch|next|iter|every batch
def train_epoch(model, loader, loss_fn, optimizer):
    x_batch, y_batch = next(iter(loader))
    losses = []
    for _ in range(len(loader)):
        loss = loss_fn(model(x_batch), y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
