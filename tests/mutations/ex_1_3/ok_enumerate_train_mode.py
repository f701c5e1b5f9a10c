# expect: pass
def train_epoch(model, loader, loss_fn, optimizer) -> float:
    model.train()
    running = 0.0
    for step, (inputs, targets) in enumerate(loader, start=1):
        optimizer.zero_grad()
        outputs = model(inputs)
        loss = loss_fn(outputs, targets)
        loss.backward()
        optimizer.step()
        running += loss.item()
    mean_loss = running / step
    print(f"epoch done: {step} steps, mean loss {mean_loss:.4f}")
    return mean_loss
