# expect: pass
def evaluate(model, loader, loss_fn):
    model.eval()
    all_outputs, all_labels = [], []
    with torch.no_grad():
        for images, labels in loader:
            all_outputs.append(model(images))
            all_labels.append(labels)
        outputs = torch.cat(all_outputs)
        labels = torch.cat(all_labels)
        mean_loss = loss_fn(outputs, labels).item()  # one mean over every image at once
    accuracy = (torch.argmax(outputs, dim=1) == labels).float().mean().item()
    return mean_loss, accuracy


test_loss, test_accuracy = evaluate(model, test_loader, loss_fn)
