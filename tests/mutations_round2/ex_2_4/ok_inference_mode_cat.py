# expect: pass
def evaluate(model, loader, loss_fn):
    model.eval()
    all_outputs, all_labels = [], []
    with torch.inference_mode():
        for images, labels in loader:
            all_outputs.append(model(images))
            all_labels.append(labels)
        outputs = torch.cat(all_outputs)
        labels = torch.cat(all_labels)
        mean_loss = loss_fn(outputs, labels).item()  # the loss's own mean over every image
        accuracy = (torch.argmax(outputs, dim=1) == labels).float().mean().item()
    return mean_loss, accuracy


test_loss, test_accuracy = evaluate(model, test_loader, loss_fn)
