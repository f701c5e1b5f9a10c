# expect: fail
# subtle: no
# mistake: Normalize is put before ToTensor, so it receives a PIL image and fails when a batch is loaded
# words: totensor|order|normalize|pil
transform = transforms.Compose([transforms.Normalize((0.1307,), (0.3081,)), transforms.ToTensor()])
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)
