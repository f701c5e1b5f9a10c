# expect: fail
# subtle: yes
# mistake: uses the generic Normalize((0.5,), (0.5,)) instead of MNIST's mean 0.1307 and std 0.3081
# words: 0.5|mean|0.1307|std
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)
