# expect: pass
from torch.utils.data import RandomSampler, SequentialSampler

transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)

# shuffle=True is shorthand for a RandomSampler; shuffle=False for a SequentialSampler
train_loader = DataLoader(train_set, batch_size=64, sampler=RandomSampler(train_set))
test_loader = DataLoader(test_set, batch_size=500, sampler=SequentialSampler(test_set))
