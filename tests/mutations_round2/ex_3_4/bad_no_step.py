# expect: fail
# subtle: yes
# mistake: add_scalar is called without the epoch as its step, so every value is logged at the same step
# words: step|epoch
def train_and_log(log_dir, lr, epochs):
    model = make_model()
    optimizer = optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    writer = SummaryWriter(log_dir)
    for epoch in range(epochs):
        loss, acc = train_one_epoch(model, small_train_loader, loss_fn, optimizer)
        writer.add_scalar("loss/train", loss)
        writer.add_scalar("accuracy/train", acc)
    writer.close()


train_and_log("runs/ex3.4/lr-0.1", 0.1, 3)
train_and_log("runs/ex3.4/lr-0.01", 0.01, 3)
