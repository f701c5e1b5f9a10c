# expect: pass
MEAN, STD = 0.1307, 0.3081
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((MEAN,), (STD,))])


def load_split(train: bool) -> datasets.MNIST:
    return datasets.MNIST(DATA_ROOT, train=train, transform=transform, download=False)


train_set, test_set = load_split(True), load_split(False)
loader_options = {"train": dict(batch_size=64, shuffle=True), "test": dict(batch_size=500, shuffle=False)}
train_loader = DataLoader(train_set, **loader_options["train"])
test_loader = DataLoader(test_set, **loader_options["test"])
