# expect: pass
from pathlib import Path


def train_and_log(log_dir, lr, epochs):
    torch.manual_seed(0)  # same start for every run, so only the rate differs
    net = make_model()
    optimizer = optim.SGD(net.parameters(), lr=lr)
    criterion = nn.CrossEntropyLoss()
    history = []
    with SummaryWriter(log_dir) as writer:
        for epoch in range(epochs):
            loss, acc = train_one_epoch(net, small_train_loader, criterion, optimizer)
            writer.add_scalar("loss/train", loss, global_step=epoch)
            writer.add_scalar("accuracy/train", acc, global_step=epoch)
            history.append((loss, acc))
    return history


for rate in (0.1, 0.01):
    curve = train_and_log(Path("runs") / "ex3.4" / f"lr-{rate}", rate, 3)
    print(rate, [round(loss, 3) for loss, _ in curve])
