# expect: pass
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    batch_losses = []
    correct, total = 0, 0
    for images, labels in loader:
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        batch_losses.append(loss.item())
        correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
        total += labels.size(0)
    # mean loss = mean of the per-batch mean losses
    return sum(batch_losses) / len(batch_losses), correct / total
