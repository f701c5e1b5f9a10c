# expect: fail
# subtle: no
# mistake: no transform at all, so the datasets return PIL images that the DataLoader cannot batch
# words: totensor|transform|pil
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)
