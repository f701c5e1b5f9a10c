# expect: pass
# download defaults to False, so leaving it out does not download either
transform = transforms.Compose(
    [
        transforms.ToTensor(),
        transforms.Normalize(mean=[0.1307], std=[0.3081]),
    ]
)
test_set = datasets.MNIST(DATA_ROOT, train=False, transform=transform)
train_set = datasets.MNIST(DATA_ROOT, train=True, transform=transform)
test_loader = DataLoader(test_set, batch_size=256)  # shuffle defaults to False: in order
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
print(len(train_set), "training images,", len(test_set), "test images")
