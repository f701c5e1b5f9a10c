# expect: fail
# subtle: no
# mistake: returns tensors (loss and accuracy never converted with .item()) instead of plain numbers
# words: item|tensor|number
def evaluate(model, loader, loss_fn):
    model.eval()
    total_loss, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in loader:
            outputs = model(images)
            total_loss += loss_fn(outputs, labels) * len(labels)
            correct += (torch.argmax(outputs, dim=1) == labels).sum()
            seen += len(labels)
    return total_loss / seen, correct / seen


test_loss, test_accuracy = evaluate(model, test_loader, loss_fn)
