# expect: pass
@torch.no_grad()
def evaluate(model, loader, loss_fn):
    model.eval()
    loss_total, hits, count = 0.0, 0, 0
    for x, y in loader:
        logits = model(x)
        loss_total += loss_fn(logits, y).item() * y.shape[0]
        hits += (logits.argmax(dim=1) == y).sum().item()
        count += y.shape[0]
    return loss_total / count, hits / count


test_loss, test_accuracy = evaluate(model, test_loader, loss_fn)
print(f"test loss {test_loss:.4f}, test accuracy {test_accuracy:.2%}")
