# expect: pass
def train_epoch(model, loader, loss_fn, optimizer):
    # mean over samples: each batch's mean loss weighted by its size
    total_loss, seen = 0.0, 0
    for x, y in loader:
        optimizer.zero_grad()
        out = model(x)
        loss = loss_fn(out, y)
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(x)
        seen += len(x)
    return total_loss / seen
