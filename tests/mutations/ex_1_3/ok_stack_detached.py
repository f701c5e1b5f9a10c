# expect: pass
def _one_step(model, x, y, loss_fn, optimizer):
    loss = loss_fn(model(x), y)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return loss.detach()


def train_epoch(model, loader, loss_fn, optimizer):
    batch_losses = [_one_step(model, x, y, loss_fn, optimizer) for x, y in loader]
    return float(torch.stack(batch_losses).mean())
