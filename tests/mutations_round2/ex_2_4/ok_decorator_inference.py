# expect: pass
@torch.no_grad()
def evaluate(model, loader, loss_fn):
    """Mean loss over all images and accuracy, in eval mode, learning nothing."""
    model.eval()
    losses, hits, count = [], 0, 0
    for x, y in loader:
        logits = model(x)
        losses.append(loss_fn(logits, y).item() * y.numel())
        hits += (logits.argmax(dim=1) == y).sum().item()
        count += y.numel()
    return sum(losses) / count, hits / count


test_loss, test_accuracy = evaluate(model, test_loader, loss_fn)
print(f"test loss {test_loss:.4f}, test accuracy {test_accuracy:.2%}")
