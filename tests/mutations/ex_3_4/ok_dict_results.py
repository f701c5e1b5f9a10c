# expect: pass
import os

TAGS = ("loss/train", "accuracy/train")


def train_and_log(log_dir, lr, epochs):
    model = make_model()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=lr)
    writer = SummaryWriter(log_dir)
    try:
        for epoch in range(1, epochs + 1):
            values = train_one_epoch(model, small_train_loader, loss_fn, optimizer, "cpu")
            for tag, value in zip(TAGS, values):
                writer.add_scalar(tag, value, epoch)
    finally:
        writer.close()
    return model


models = {lr: train_and_log(os.path.join("runs", "ex3.4", f"lr-{lr}"), lr, epochs=3) for lr in [0.1, 0.01]}
