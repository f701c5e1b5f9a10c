# expect: pass
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize(0.1307, 0.3081)])
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
train_loader = DataLoader(dataset=train_set, shuffle=True, batch_size=64)
test_loader = DataLoader(dataset=test_set, batch_size=64, shuffle=False)
