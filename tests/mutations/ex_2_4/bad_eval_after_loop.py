# expect: fail
# subtle: yes
# mistake: calls model.eval() only after the loop, so every test batch is run in training mode
# words: eval|mode|before|dropout
def evaluate(model, loader, loss_fn):
    total_loss, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in loader:
            outputs = model(images)
            total_loss += loss_fn(outputs, labels).item() * len(labels)
            correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
            seen += len(labels)
    model.eval()
    return total_loss / seen, correct / seen


test_loss, test_accuracy = evaluate(model, test_loader, loss_fn)
