# expect: pass
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    total_loss, correct, seen = 0.0, 0, 0
    for images, labels in loader:
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * labels.size(0)
        correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
        seen += labels.size(0)
    return total_loss / seen, correct / seen
