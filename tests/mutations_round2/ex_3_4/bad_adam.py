# expect: fail
# subtle: no
# mistake: trains with Adam instead of the SGD optimizer the text asks for
# words: sgd|adam|optimizer
def train_and_log(log_dir, lr, epochs):
    model = make_model()
    optimizer = optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    writer = SummaryWriter(log_dir)
    for epoch in range(epochs):
        loss, acc = train_one_epoch(model, small_train_loader, loss_fn, optimizer)
        writer.add_scalar("loss/train", loss, epoch)
        writer.add_scalar("accuracy/train", acc, epoch)
    writer.close()


train_and_log("runs/ex3.4/lr-0.1", 0.1, 3)
train_and_log("runs/ex3.4/lr-0.01", 0.01, 3)
