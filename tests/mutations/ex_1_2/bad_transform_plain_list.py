# expect: fail
# subtle: no
# mistake: transform is a plain list, not wrapped in transforms.Compose, so loading a sample crashes
# words: compose|list|callable
transform = [transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))]
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)
