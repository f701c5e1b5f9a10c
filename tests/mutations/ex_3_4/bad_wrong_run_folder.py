# expect: fail
# subtle: yes
# mistake: the runs are logged as runs/ex3.4/lr0.1 and runs/ex3.4/lr0.01 (no dash), not the folders asked for
# words: folder|lr-0.1|lr-0.01
def train_and_log(log_dir, lr, epochs):
    model = make_model()
    optimizer = optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    writer = SummaryWriter(log_dir)
    for epoch in range(1, epochs + 1):
        train_loss, train_acc = train_one_epoch(model, small_train_loader, loss_fn, optimizer)
        writer.add_scalar("loss/train", train_loss, epoch)
        writer.add_scalar("accuracy/train", train_acc, epoch)
    writer.close()


for lr in (0.1, 0.01):
    train_and_log(f"runs/ex3.4/lr{lr}", lr, 3)
