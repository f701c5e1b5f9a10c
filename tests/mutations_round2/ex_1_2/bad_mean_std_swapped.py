# expect: fail
# subtle: yes
# mistake: Normalize gets the std first and the mean second: Normalize((0.3081,), (0.1307,))
# words: mean|std|swapped|0.1307
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.3081,), (0.1307,))])
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)
