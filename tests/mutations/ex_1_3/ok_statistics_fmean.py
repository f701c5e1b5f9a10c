# expect: pass
import statistics


def train_epoch(model, loader, loss_fn, optimizer):
    history = []
    for batch in loader:
        x_batch, y_batch = batch
        prediction = model(x_batch)
        loss = loss_fn(prediction, y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        history.append(float(loss.detach()))
    return statistics.fmean(history)
