# expect: fail
# subtle: yes
# mistake: never calls model.train(), so a model left in eval mode by evaluate() trains with dropout off and batch norm frozen
# words: train|model.train|eval|mode
def train_one_epoch(model, loader, loss_fn, optimizer):
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
