# expect: fail
# subtle: no
# mistake: copied from the training loop: calls backward() and the global optimizer.step(), so evaluation trains the model on the test data
# words: optimizer|step|backward|learn
def evaluate(model, loader, loss_fn):
    model.eval()
    total_loss, correct, seen = 0.0, 0, 0
    for images, labels in loader:
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(labels)
        correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
        seen += len(labels)
    return total_loss / seen, correct / seen


test_loss, test_accuracy = evaluate(model, test_loader, loss_fn)
