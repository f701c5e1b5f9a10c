# expect: fail
# subtle: no
# mistake: zero_grad is still missing: gradients add up from batch to batch (only the softmax and eval bugs are fixed)
# words: zero_grad|accumulate|gradient
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
        model.train()
        for images, labels in train_loader:
            outputs = model(images)
            loss = loss_fn(outputs, labels)
            loss.backward()
            optimizer.step()
        model.eval()
        correct = 0
        with torch.no_grad():
            for images, labels in test_loader:
                correct += (model(images).argmax(dim=1) == labels).sum().item()
        history.append(correct / len(test_loader.dataset))
        print(f"epoch {epoch + 1}: test accuracy {history[-1]:.2%}")
    return model, history
