# expect: pass
from pathlib import Path


def train_and_log(log_dir, lr, epochs):
    writer = SummaryWriter(str(log_dir))
    net = make_model()
    sgd = optim.SGD(net.parameters(), lr=lr)
    criterion = nn.CrossEntropyLoss()
    try:
        for step in range(epochs):
            loss, accuracy = train_one_epoch(net, small_train_loader, criterion, sgd)
            writer.add_scalar(tag="loss/train", scalar_value=loss, global_step=step)
            writer.add_scalar(tag="accuracy/train", scalar_value=accuracy, global_step=step)
    finally:
        writer.close()
    return net


runs = Path("runs") / "ex3.4"
train_and_log(runs / "lr-0.1", lr=0.1, epochs=3)
train_and_log(runs / "lr-0.01", lr=0.01, epochs=3)
