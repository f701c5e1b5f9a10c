# expect: fail
# subtle: yes
# mistake: zero_grad() sits between backward() and step(), so every update uses zero gradients
# words: zero_grad|order|backward|step
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    total_loss, correct, seen = 0.0, 0, 0
    for images, labels in loader:
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        total_loss += loss.item() * len(labels)
        correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
        seen += len(labels)
    return total_loss / seen, correct / seen
