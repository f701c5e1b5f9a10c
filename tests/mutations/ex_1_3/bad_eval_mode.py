# expect: fail
# subtle: yes
# mistake: puts the model in eval mode before training, so dropout and batch norm behave as at test time during the updates
# words: eval|train|mode|dropout
def train_epoch(model, loader, loss_fn, optimizer):
    model.eval()
    losses = []
    for x_batch, y_batch in loader:
        loss = loss_fn(model(x_batch), y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
