# expect: pass
def train_capstone(train_loader, test_loader, epochs):
    # bug 1: Softmax + CrossEntropyLoss applied softmax twice; LogSoftmax + NLLLoss is the same loss done once
    model = nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(128, 10),
        nn.LogSoftmax(dim=1),
    )
    loss_fn = nn.NLLLoss()
    optimizer = optim.Adam(model.parameters(), lr=1e-3)
    history = []
    for epoch in range(epochs):
        model.train()
        for images, labels in train_loader:
            outputs = model(images)
            loss = loss_fn(outputs, labels)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()  # bug 2: clear the gradients after each update
        model.eval()  # bug 3: dropout off for the test set
        correct = 0
        with torch.inference_mode():
            for images, labels in test_loader:
                correct += (model(images).argmax(dim=1) == labels).sum().item()
        history.append(correct / len(test_loader.dataset))
        print(f"epoch {epoch + 1}: test accuracy {history[-1]:.2%}")
    return model, history
