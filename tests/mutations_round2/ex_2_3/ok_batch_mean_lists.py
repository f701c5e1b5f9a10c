# expect: pass
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    batch_losses = []
    n_correct = n_total = 0
    for x, y in loader:
        optimizer.zero_grad()
        logits = model(x)
        loss = loss_fn(logits, y)
        loss.backward()
        optimizer.step()
        batch_losses.append(loss.item())
        predictions = logits.argmax(dim=1)
        n_correct += int((predictions == y).sum())
        n_total += len(y)
    mean_loss = sum(batch_losses) / len(batch_losses)
    return mean_loss, n_correct / n_total
