# expect: fail
# subtle: yes
# mistake: make_model() is called once outside the function, so the second run keeps training the first run's model
# words: make_model|new model|fresh
net = make_model()


def train_and_log(log_dir, lr, epochs):
    optimizer = optim.SGD(net.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    writer = SummaryWriter(log_dir)
    for epoch in range(1, epochs + 1):
        train_loss, train_acc = train_one_epoch(net, small_train_loader, loss_fn, optimizer)
        writer.add_scalar("loss/train", train_loss, epoch)
        writer.add_scalar("accuracy/train", train_acc, epoch)
    writer.close()


train_and_log("runs/ex3.4/lr-0.1", 0.1, 3)
train_and_log("runs/ex3.4/lr-0.01", 0.01, 3)
