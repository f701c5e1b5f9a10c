# expect: fail
# subtle: yes
# mistake: the accuracy is that of the last batch only (correct is reset inside the loop)
# words: accuracy|last batch|epoch
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    total_loss, n_batches = 0.0, 0
    for images, labels in loader:
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
        n_batches += 1
        correct = (torch.argmax(outputs, dim=1) == labels).sum().item()
        accuracy = correct / len(labels)
    return total_loss / n_batches, accuracy
