# expect: fail
# subtle: yes
# mistake: puts the model in eval mode (model.eval()) instead of train mode before training, so dropout and batch norm behave as at test time
# words: eval|train|mode
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
