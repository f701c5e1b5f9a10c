# expect: pass
to_tensor_and_normalize = transforms.Compose(
    [transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))]
)
g = torch.Generator()
g.manual_seed(1234)  # reproducible shuffling
train_loader = DataLoader(
    datasets.MNIST(DATA_ROOT, True, transform=to_tensor_and_normalize, download=False),
    batch_size=64,
    shuffle=True,
    generator=g,
)
test_loader = DataLoader(
    datasets.MNIST(DATA_ROOT, False, transform=to_tensor_and_normalize, download=False),
    batch_size=256,
    shuffle=False,
)
images, labels = next(iter(train_loader))
print(images.shape, labels.shape, f"mean {images.mean():.3f}, std {images.std():.3f}")
