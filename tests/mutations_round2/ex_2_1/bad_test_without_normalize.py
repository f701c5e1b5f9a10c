# expect: fail
# subtle: yes
# mistake: the test split is loaded with ToTensor() only, without Normalize
# words: normalize|test|mean|std
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_loader = DataLoader(
    datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform), batch_size=64, shuffle=True
)
test_loader = DataLoader(
    datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transforms.ToTensor()), batch_size=1000, shuffle=False
)
