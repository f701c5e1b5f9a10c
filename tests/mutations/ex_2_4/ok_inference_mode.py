# expect: pass
def evaluate(model: nn.Module, loader, loss_fn) -> tuple[float, float]:
    model.eval()
    with torch.inference_mode():
        results = [
            (loss_fn(out, y).item() * len(y), (torch.argmax(out, dim=1) == y).sum().item(), len(y))
            for out, y in ((model(x), y) for x, y in loader)
        ]
    loss_sum = sum(r[0] for r in results)
    correct = sum(r[1] for r in results)
    n = sum(r[2] for r in results)
    return loss_sum / n, correct / n


test_loss, test_accuracy = evaluate(model, test_loader, loss_fn)
