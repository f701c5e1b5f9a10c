# expect: pass
def evaluate(model, loader, loss_fn):
    was_training = model.training
    model.eval()
    try:
        total_loss = 0.0
        correct = 0
        seen = 0
        with torch.no_grad():
            for images, labels in loader:
                outputs = model(images)
                batch = labels.numel()
                total_loss += float(loss_fn(outputs, labels)) * batch
                correct += int(torch.argmax(outputs, dim=1).eq(labels).sum())
                seen += batch
        return total_loss / seen, correct / seen
    finally:
        model.train(was_training)  # leave the model as we found it


test_loss, test_accuracy = evaluate(model, test_loader, loss_fn)
print("test:", round(test_loss, 4), f"{test_accuracy:.2%}")
