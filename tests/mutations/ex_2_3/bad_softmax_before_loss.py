# expect: fail
# subtle: yes
# mistake: applies softmax to the outputs before the loss, so CrossEntropyLoss gets probabilities instead of logits (softmax twice)
# words: softmax|logits|twice
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    total_loss, correct, seen = 0.0, 0, 0
    for images, labels in loader:
        outputs = torch.softmax(model(images), dim=1)
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(labels)
        correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
        seen += len(labels)
    return total_loss / seen, correct / seen
