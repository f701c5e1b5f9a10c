# expect: fail
# subtle: no
# mistake: returns tensors (loss still attached to the graph) instead of plain numbers: no .item()
# words: item|number|tensor|float
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    total_loss, correct, seen = 0.0, 0, 0
    for images, labels in loader:
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss * len(labels)
        correct += (torch.argmax(outputs, dim=1) == labels).sum()
        seen += len(labels)
    return total_loss / seen, correct / seen
