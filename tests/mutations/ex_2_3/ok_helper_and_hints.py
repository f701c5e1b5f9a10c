# expect: pass
def batch_correct(outputs: torch.Tensor, labels: torch.Tensor) -> int:
    """How many predictions in the batch match their label."""
    return (torch.argmax(outputs, dim=1) == labels).sum().item()


def train_one_epoch(
    model: nn.Module,
    loader,
    loss_fn: nn.Module,
    optimizer: optim.Optimizer,
) -> tuple[float, float]:
    model.train()
    losses: list[float] = []
    sizes: list[int] = []
    correct = 0
    for images, labels in loader:
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        sizes.append(len(labels))
        correct += batch_correct(outputs, labels)
    n = sum(sizes)
    mean_loss = sum(l * s for l, s in zip(losses, sizes)) / n
    return float(mean_loss), float(correct / n)
