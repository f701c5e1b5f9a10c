# expect: pass
def log_epoch_scalars(writer, step, loss, accuracy):
    writer.add_scalar(tag="loss/train", scalar_value=loss, global_step=step)
    writer.add_scalar(tag="accuracy/train", scalar_value=accuracy, global_step=step)
    writer.flush()


def train_and_log(log_dir: str, lr: float, epochs: int) -> None:
    writer = SummaryWriter(log_dir=log_dir)
    model = make_model()
    optimizer = optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    epoch = 0
    while epoch < epochs:
        epoch += 1
        loss, accuracy = train_one_epoch(model, small_train_loader, loss_fn, optimizer, progress=False)
        print(f"{log_dir} epoch {epoch}: loss {loss:.3f} accuracy {accuracy:.1%}")
        log_epoch_scalars(writer, epoch, loss, accuracy)
    writer.close()


train_and_log(log_dir="runs/ex3.4/lr-0.01", lr=0.01, epochs=3)
train_and_log(log_dir="runs/ex3.4/lr-0.1", lr=0.1, epochs=3)
