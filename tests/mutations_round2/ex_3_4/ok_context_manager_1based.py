# expect: pass
def train_and_log(log_dir, lr, epochs):
    model = make_model()
    optimizer = optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    with SummaryWriter(log_dir) as writer:
        for epoch in range(1, epochs + 1):
            train_loss, train_acc = train_one_epoch(model, small_train_loader, loss_fn, optimizer)
            writer.add_scalar("loss/train", train_loss, epoch)
            writer.add_scalar("accuracy/train", train_acc, epoch)
            print(f"{log_dir} epoch {epoch}: loss {train_loss:.3f}, accuracy {train_acc:.1%}")


for lr in (0.1, 0.01):
    train_and_log(f"runs/ex3.4/lr-{lr}", lr, 3)
