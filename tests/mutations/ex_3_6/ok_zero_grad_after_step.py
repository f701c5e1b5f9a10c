# expect: pass

# zero_grad after step (gradients start empty, so each step still sees only its own batch),
# model.train(False) for evaluation, and the softmax moved to where it belongs: reading predictions.
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
        model.train(True)
        for images, labels in train_loader:
            logits = model(images)
            loss = loss_fn(logits, labels)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
        model.train(False)
        correct = 0
        with torch.inference_mode():
            for images, labels in test_loader:
                probabilities = torch.softmax(model(images), dim=1)
                correct += (probabilities.argmax(dim=1) == labels).sum().item()
        history.append(correct / len(test_loader.dataset))
        print(f"epoch {epoch + 1}: test accuracy {history[-1]:.2%}")
    return model, history
