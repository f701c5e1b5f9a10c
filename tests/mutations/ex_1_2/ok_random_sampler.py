# expect: pass
from torch.utils.data import RandomSampler, SequentialSampler

steps = [transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))]
transform = transforms.Compose(steps)
train_set = datasets.MNIST(DATA_ROOT, True, transform, download=False)
test_set = datasets.MNIST(DATA_ROOT, False, transform, download=False)
# a RandomSampler is what shuffle=True uses under the hood
train_loader = DataLoader(train_set, batch_size=64, sampler=RandomSampler(train_set))
test_loader = DataLoader(test_set, batch_size=100, sampler=SequentialSampler(test_set))
