# expect: fail
# subtle: no
# mistake: the transform has no ToTensor(), so Normalize receives PIL images and loading crashes
# words: totensor|pil|tensor
transform = transforms.Normalize((0.1307,), (0.3081,))
train_loader = DataLoader(
    datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform), batch_size=64, shuffle=True
)
test_loader = DataLoader(
    datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform), batch_size=1000, shuffle=False
)
