# expect: pass
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    loss_sum = 0.0
    n_correct = 0
    n_seen = 0
    for batch_idx, (x, y) in enumerate(loader):
        optimizer.zero_grad()  # clear last step's gradients first
        logits = model(x)
        loss = loss_fn(logits, y)
        loss.backward()
        optimizer.step()

        batch_size = y.size(0)
        loss_sum += loss.item() * batch_size
        n_correct += int((torch.argmax(logits, dim=1) == y).sum())
        n_seen += batch_size
    return loss_sum / n_seen, n_correct / n_seen
