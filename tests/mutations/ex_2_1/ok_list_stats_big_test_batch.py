# expect: pass
mnist_transform = transforms.Compose(
    [
        transforms.ToTensor(),
        transforms.Normalize(mean=[0.1307], std=[0.3081]),
    ]
)

train_data = datasets.MNIST(root=str(DATA_ROOT), train=True, download=False, transform=mnist_transform)
test_data = datasets.MNIST(root=str(DATA_ROOT), train=False, download=False, transform=mnist_transform)

train_loader = DataLoader(dataset=train_data, batch_size=64, shuffle=True, num_workers=0)
test_loader = DataLoader(dataset=test_data, batch_size=1000)  # shuffle defaults to False

print(f"{len(train_data)} training images, {len(test_data)} test images")
