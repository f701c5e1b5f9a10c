# expect: fail
# subtle: no
# mistake: divides the number of correct predictions by the number of batches, not of images, so the accuracy is far above 1
# words: batches|images|fraction|accuracy
def evaluate(model, loader, loss_fn):
    model.eval()
    total_loss, correct = 0.0, 0
    with torch.no_grad():
        for images, labels in loader:
            outputs = model(images)
            total_loss += loss_fn(outputs, labels).item()
            correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
    return total_loss / len(loader), correct / len(loader)


test_loss, test_accuracy = evaluate(model, test_loader, loss_fn)
