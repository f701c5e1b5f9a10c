# expect: fail
# subtle: yes
# mistake: one model is built outside the function and reused, so the second run continues training the first run's model
# words: model|fresh|new|make_model
net = make_model()


def train_and_log(log_dir, lr, epochs):
    optimizer = optim.SGD(net.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    writer = SummaryWriter(log_dir)
    for epoch in range(epochs):
        loss, acc = train_one_epoch(net, small_train_loader, loss_fn, optimizer)
        writer.add_scalar("loss/train", loss, epoch)
        writer.add_scalar("accuracy/train", acc, epoch)
    writer.close()


train_and_log("runs/ex3.4/lr-0.1", 0.1, 3)
train_and_log("runs/ex3.4/lr-0.01", 0.01, 3)
