# expect: pass
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    it = iter(loader)
    stats = {"loss": 0.0, "correct": 0, "n": 0}
    while True:
        try:
            images, labels = next(it)
        except StopIteration:
            break
        model.zero_grad()  # the optimizer holds exactly these parameters
        outputs = model(images)
        loss = loss_fn(outputs, labels)
        loss.backward()
        optimizer.step()
        preds = torch.argmax(outputs.detach(), dim=1)
        stats["loss"] += loss.item() * images.shape[0]
        stats["correct"] += (preds == labels).sum().item()
        stats["n"] += images.shape[0]
    return stats["loss"] / stats["n"], stats["correct"] / stats["n"]
