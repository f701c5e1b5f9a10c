# expect: fail
# subtle: yes
# mistake: zero_grad() is called after backward() and before step(), so every step uses zero gradients and nothing is learned
# words: zero_grad|order|backward|step
def train_epoch(model, loader, loss_fn, optimizer):
    losses = []
    for x_batch, y_batch in loader:
        loss = loss_fn(model(x_batch), y_batch)
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
