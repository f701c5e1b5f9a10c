# expect: fail
# subtle: yes
# mistake: ignores the loss_fn argument and always uses nn.MSELoss()
# words: loss_fn|mseloss|argument|ignored
def train_epoch(model, loader, loss_fn, optimizer):
    criterion = nn.MSELoss()
    losses = []
    for x_batch, y_batch in loader:
        loss = criterion(model(x_batch), y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
