# expect: pass
def train_and_log(log_dir, lr, epochs):
    model = make_model()
    optimizer = optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    writer = SummaryWriter(log_dir)
    history = []
    for epoch in range(epochs):
        metrics = dict(
            zip(
                ("loss/train", "accuracy/train"),
                train_one_epoch(model, small_train_loader, loss_fn, optimizer),
            )
        )
        for tag, value in metrics.items():
            writer.add_scalar(tag, value, epoch)
        writer.flush()
        history.append(metrics)
    writer.close()
    return history


train_and_log("runs/ex3.4/lr-0.1", 0.1, 3)
train_and_log("runs/ex3.4/lr-0.01", 0.01, 3)
