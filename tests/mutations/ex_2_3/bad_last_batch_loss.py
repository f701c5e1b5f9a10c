# expect: fail
# subtle: yes
# mistake: returns the loss of the last batch only, not the mean loss over the epoch
# words: last|batch|mean
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    correct, seen = 0, 0
    for images, labels in loader:
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
        seen += len(labels)
    return loss.item(), correct / seen
