# expect: pass
def load_split(train: bool):
    return datasets.MNIST(DATA_ROOT, train=train, download=False, transform=transform)


transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_set = load_split(train=True)
test_set = load_split(train=False)
train_loader = DataLoader(train_set, 64, True)
test_loader = DataLoader(test_set, batch_size=500, shuffle=False, num_workers=0)
