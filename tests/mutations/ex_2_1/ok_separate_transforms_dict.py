# expect: pass
loaders = {}
for split, is_train in (("train", True), ("test", False)):
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    ds = datasets.MNIST(DATA_ROOT, train=is_train, download=False, transform=tf)
    loaders[split] = DataLoader(ds, batch_size=64, shuffle=is_train)

train_loader = loaders["train"]
test_loader = loaders["test"]
print(len(train_loader), "training batches,", len(test_loader), "test batches")
