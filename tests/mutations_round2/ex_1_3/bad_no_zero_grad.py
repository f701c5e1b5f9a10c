# expect: fail
# subtle: yes
# mistake: gradients are never zeroed, so they accumulate from batch to batch
# words: zero_grad|accumulate|gradients
def train_epoch(model, loader, loss_fn, optimizer):
    losses = []
    for x_batch, y_batch in loader:
        loss = loss_fn(model(x_batch), y_batch)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
