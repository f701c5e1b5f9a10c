# expect: fail
# subtle: yes
# mistake: logs under the tags "train/loss" and "train/accuracy" instead of "loss/train" and "accuracy/train"
# words: tag|loss/train|accuracy/train
def train_and_log(log_dir, lr, epochs):
    model = make_model()
    optimizer = optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    writer = SummaryWriter(log_dir)
    for epoch in range(1, epochs + 1):
        train_loss, train_acc = train_one_epoch(model, small_train_loader, loss_fn, optimizer)
        writer.add_scalar("train/loss", train_loss, epoch)
        writer.add_scalar("train/accuracy", train_acc, epoch)
    writer.close()


train_and_log("runs/ex3.4/lr-0.1", 0.1, 3)
train_and_log("runs/ex3.4/lr-0.01", 0.01, 3)
