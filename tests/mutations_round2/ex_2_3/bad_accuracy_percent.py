# expect: fail
# subtle: no
# mistake: returns the accuracy as a percentage (0-100) instead of a fraction between 0 and 1
# words: fraction|percent|100
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
        correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
        seen += len(labels)
    return total_loss / seen, 100 * correct / seen
