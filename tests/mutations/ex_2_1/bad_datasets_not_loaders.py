# expect: fail
# subtle: no
# mistake: train_loader and test_loader are the datasets themselves, never wrapped in a DataLoader
# words: dataloader|dataset|batch
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_loader = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_loader = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
