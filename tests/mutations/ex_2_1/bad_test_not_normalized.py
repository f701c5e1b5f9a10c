# expect: fail
# subtle: yes
# mistake: the test split gets only ToTensor, without Normalize
# words: normalize|test|mean
train_transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
test_transform = transforms.ToTensor()
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=train_transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=test_transform)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)
