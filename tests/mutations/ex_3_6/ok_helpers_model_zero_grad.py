# expect: pass
def build_classifier() -> nn.Module:
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 128),
        nn.ReLU(),
        nn.Dropout(0.3),
        nn.Linear(128, 10),  # logits: CrossEntropyLoss applies log-softmax itself
    )


def test_accuracy(model: nn.Module, loader) -> float:
    was_training = model.training
    model.eval()  # dropout off
    correct = 0
    with torch.no_grad():
        for images, labels in loader:
            correct += (model(images).argmax(dim=1) == labels).sum().item()
    model.train(was_training)
    return correct / len(loader.dataset)


def train_capstone(train_loader, test_loader, epochs):
    model = build_classifier()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=1e-3)
    history = []
    model.train()
    for epoch in range(epochs):
        for images, labels in train_loader:
            model.zero_grad()
            loss = loss_fn(model(images), labels)
            loss.backward()
            optimizer.step()
        history.append(test_accuracy(model, test_loader))
        print(f"epoch {epoch + 1}: test accuracy {history[-1]:.2%}")
    return model, history
