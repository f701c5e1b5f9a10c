# expect: pass
mnist_tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_data = datasets.MNIST(str(DATA_ROOT), True, transform=mnist_tf, download=False)
test_data = datasets.MNIST(str(DATA_ROOT), False, transform=mnist_tf, download=False)
g = torch.Generator()
g.manual_seed(1234)
train_loader = DataLoader(train_data, batch_size=64, shuffle=True, generator=g)
test_loader = DataLoader(test_data, batch_size=64)
print(len(train_loader), "training batches;", len(test_loader), "test batches")
