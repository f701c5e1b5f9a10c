# expect: pass
from torch.utils.data import Dataset

MEAN, STD = 0.1307, 0.3081


def mnist_split(train: bool) -> Dataset:
    """One split of MNIST, as normalised tensors."""
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((MEAN,), (STD,))])
    return datasets.MNIST(DATA_ROOT, train=train, download=False, transform=tf)


test_loader = DataLoader(mnist_split(train=False), batch_size=64, shuffle=False)
train_loader = DataLoader(mnist_split(train=True), batch_size=64, shuffle=True)
