# expect: fail
# subtle: yes
# mistake: the batch sizes of the two loaders are swapped: training batches of 1000, test batches of 64
# words: 64|batch|1000
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
train_loader = DataLoader(train_set, batch_size=1000, shuffle=True)
test_loader = DataLoader(test_set, batch_size=64, shuffle=False)
