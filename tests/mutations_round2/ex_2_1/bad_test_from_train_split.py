# expect: fail
# subtle: yes
# mistake: the test loader reads the training split (train=True copied from the line above)
# words: train=false|test|60000|10000
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_loader = DataLoader(
    datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform), batch_size=64, shuffle=True
)
test_loader = DataLoader(
    datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform), batch_size=1000, shuffle=False
)
