# kind: harm
# what: solves 1.1-1.4, then the last exercise cell sleeps forever and swallows every KeyboardInterrupt; must cost one time limit plus the grace period and be named
# expect-max-total: 4.00
# expect-problem: time
# expect-max-seconds: 90
# cell 1.1
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x ** 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]
# cell 1.2
transform = transforms.Compose([
    transforms.ToTensor(),
    transforms.Normalize((0.1307,), (0.3081,)),
])
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)
# cell 1.3
def train_epoch(model, loader, loss_fn, optimizer):
    total = 0.0
    for x, y in loader:
        predictions = model(x)
        loss = loss_fn(predictions, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / len(loader)
# cell 1.4
def iterations_per_epoch(n_samples, batch_size):
    return math.ceil(n_samples / batch_size)

def last_batch_size(n_samples, batch_size):
    return n_samples % batch_size or batch_size

def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    updates = 0
    for epoch in range(epochs):
        for x, y in loader:
            updates += 1
    return updates
# cell 1.5
import time

while True:
    try:
        time.sleep(1000)
    except KeyboardInterrupt:
        pass
