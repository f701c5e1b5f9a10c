# expect: fail
# subtle: no
# mistake: returns the sum of the batch losses instead of their mean
# words: mean|sum|loss
def evaluate(model, loader, loss_fn):
    model.eval()
    total_loss, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in loader:
            outputs = model(images)
            total_loss += loss_fn(outputs, labels).item()
            correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
            seen += len(labels)
    return total_loss, correct / seen


test_loss, test_accuracy = evaluate(model, test_loader, loss_fn)
