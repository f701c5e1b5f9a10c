# expect: pass

# The lesson's own loop: train_one_epoch (zero_grad, backward, step) and evaluate (eval + no_grad).
from realdata.training.loop import evaluate


def train_capstone(train_loader, test_loader, epochs):
    model = nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(128, 10),
    )
    loss_fn = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=1e-3)
    history = []
    for epoch in range(epochs):
        train_one_epoch(model, train_loader, loss_fn, optimizer)
        _, test_accuracy = evaluate(model, test_loader, loss_fn)
        history.append(test_accuracy)
        print(f"epoch {epoch + 1}: test accuracy {history[-1]:.2%}")
    return model, history
