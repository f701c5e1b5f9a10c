# expect: fail
# subtle: yes
# mistake: calls model.eval() instead of model.train() at the start (copied from evaluate)
# words: train|eval|mode
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.eval()
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
    return total_loss / seen, correct / seen
