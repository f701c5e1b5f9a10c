# expect: fail
# subtle: yes
# mistake: returns (accuracy, loss) instead of (loss, accuracy)
# words: order|loss|accuracy|swapped
def evaluate(model, loader, loss_fn):
    model.eval()
    total_loss, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in loader:
            outputs = model(images)
            total_loss += loss_fn(outputs, labels).item() * len(labels)
            correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
            seen += len(labels)
    return correct / seen, total_loss / seen


test_accuracy, test_loss = evaluate(model, test_loader, loss_fn)
