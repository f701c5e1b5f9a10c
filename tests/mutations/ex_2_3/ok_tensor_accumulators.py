# expect: pass
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    total_loss = torch.zeros(())
    correct = torch.zeros((), dtype=torch.long)
    count = 0
    for images, labels in loader:
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            total_loss += loss.detach() * labels.numel()
            correct += torch.argmax(outputs, dim=1).eq(labels).sum()
        count += labels.numel()
    mean_loss = (total_loss / count).item()
    accuracy = correct.item() / count
    return mean_loss, accuracy
