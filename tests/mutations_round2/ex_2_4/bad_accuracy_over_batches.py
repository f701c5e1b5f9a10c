# expect: fail
# subtle: yes
# mistake: averages per-batch accuracies computed with a fixed divisor of the first batch's size, so a smaller last batch is counted as if it were full
# words: accuracy|last batch|images
def evaluate(model, loader, loss_fn):
    model.eval()
    losses, accuracies, first = [], [], None
    with torch.no_grad():
        for images, labels in loader:
            first = first or len(labels)
            outputs = model(images)
            losses.append(loss_fn(outputs, labels).item())
            accuracies.append((torch.argmax(outputs, dim=1) == labels).sum().item() / first)
    return sum(losses) / len(losses), sum(accuracies) / len(accuracies)


test_loss, test_accuracy = evaluate(model, test_loader, loss_fn)
