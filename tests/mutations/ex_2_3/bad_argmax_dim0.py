# expect: fail
# subtle: no
# mistake: takes torch.argmax over dim=0 (the batch) instead of dim=1 (the classes)
# words: argmax|dim|dim=1
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    total_loss, correct, seen = 0.0, 0, 0
    for images, labels in loader:
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(labels)
        correct += (torch.argmax(outputs, dim=0) == labels).sum().item()
        seen += len(labels)
    return total_loss / seen, correct / seen
