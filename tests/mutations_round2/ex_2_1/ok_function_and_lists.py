# expect: pass
def mnist_loader(train: bool, batch_size: int) -> DataLoader:
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize(mean=[0.1307], std=[0.3081])])
    dataset = datasets.MNIST(root=DATA_ROOT, train=train, download=False, transform=tf)
    return DataLoader(dataset, batch_size=batch_size, shuffle=train)


train_loader = mnist_loader(train=True, batch_size=64)
test_loader = mnist_loader(train=False, batch_size=512)
