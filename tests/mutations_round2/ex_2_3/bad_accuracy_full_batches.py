# expect: fail
# subtle: yes
# mistake: divides the correct count by number of batches x batch size of the first batch, which overcounts the images when the last batch is smaller
# words: accuracy|last batch|images|count
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    total_loss, correct, n_batches, batch_size = 0.0, 0, 0, None
    for images, labels in loader:
        if batch_size is None:
            batch_size = len(labels)
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
        correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
        n_batches += 1
    return total_loss / n_batches, correct / (n_batches * batch_size)
