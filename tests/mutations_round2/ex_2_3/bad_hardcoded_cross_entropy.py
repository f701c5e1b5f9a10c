# expect: fail
# subtle: yes
# mistake: ignores the loss_fn argument and always uses nn.CrossEntropyLoss()
# words: loss_fn|argument|ignored|crossentropyloss
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    criterion = nn.CrossEntropyLoss()
    total_loss, correct, seen = 0.0, 0, 0
    for images, labels in loader:
        outputs = model(images)
        loss = criterion(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(labels)
        correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
        seen += len(labels)
    return total_loss / seen, correct / seen
