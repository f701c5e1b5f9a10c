# expect: fail
# subtle: yes
# mistake: the training loader is not shuffled (shuffle left at its default False)
# words: shuffle|shuffled|order
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
train_loader = DataLoader(train_set, batch_size=64)
test_loader = DataLoader(test_set, batch_size=1000)
