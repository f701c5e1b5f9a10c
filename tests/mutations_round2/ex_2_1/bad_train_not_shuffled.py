# expect: fail
# subtle: yes
# mistake: the training loader is not shuffled
# words: shuffle|shuffled|order
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_loader = DataLoader(
    datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform), batch_size=64
)
test_loader = DataLoader(
    datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform), batch_size=1000
)
