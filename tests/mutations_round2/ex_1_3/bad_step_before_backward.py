# expect: fail
# subtle: yes
# mistake: optimizer.step() comes before loss.backward(), so each update uses no gradient (first batch) or a stale one
# words: order|step|backward
def train_epoch(model, loader, loss_fn, optimizer):
    losses = []
    for x_batch, y_batch in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x_batch), y_batch)
        optimizer.step()
        loss.backward()
        losses.append(loss.item())
    return sum(losses) / len(losses)
