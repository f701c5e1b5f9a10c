# expect: fail
# subtle: yes
# mistake: sets model.training = False instead of calling model.eval(), which leaves every submodule (dropout, batch norm) in training mode
# words: eval|submodule|training|mode
def evaluate(model, loader, loss_fn):
    model.training = False
    total_loss, correct, seen = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in loader:
            outputs = model(images)
            total_loss += loss_fn(outputs, labels).item() * len(labels)
            correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
            seen += len(labels)
    return total_loss / seen, correct / seen


test_loss, test_accuracy = evaluate(model, test_loader, loss_fn)
