# expect: pass
def train_one_epoch(model, loader, loss_fn, optimizer) -> tuple[float, float]:
    model.train(True)
    loss_sum = torch.zeros(())
    hits = torch.zeros((), dtype=torch.long)
    count = 0
    for images, labels in loader:
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            loss_sum += loss.detach() * len(labels)
            hits += (torch.argmax(outputs, dim=1) == labels).sum()
        count += len(labels)
    return float(loss_sum / count), hits.item() / count
