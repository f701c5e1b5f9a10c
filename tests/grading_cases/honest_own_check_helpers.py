# kind: honest
# what: correct work whose author defines their own helpers named check and run_tests (shadowing realdata's check in the notebook) and self-tests with them
# expect-total: 5.00
# expect-score 1.1: 1.00
# expect-score 1.2: 1.00
# expect-score 1.3: 1.00
# expect-score 1.4: 1.00
# expect-score 1.5: 1.00
# expect-no-problems
# cell 1.1
def check(condition, message="check failed"):
    """My own assertion helper."""
    if not condition:
        raise AssertionError(message)
    return True


def run_tests(*tests):
    results = {}
    for test in tests:
        test()
        results[test.__name__] = "ok"
    return results


class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x ** 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


def test_len():
    check(len(SquaresDataset(7)) == 7, "length")


def test_first():
    x, y = SquaresDataset(5)[0]
    check(x.shape == (1,) and float(y) == 1.0, "first sample")


print(run_tests(test_len, test_first))
# cell 1.2
transform = transforms.Compose([
    transforms.ToTensor(),
    transforms.Normalize((0.1307,), (0.3081,)),
])
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)
check(len(train_set) == 60000, "60k training images")
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


def test_iterations():
    check(iterations_per_epoch(100, 32) == 4)
    check(last_batch_size(100, 32) == 4)
    check(last_batch_size(96, 32) == 32)


run_tests(test_iterations)
# cell 1.5
class CSVDataset(Dataset):
    def __init__(self, path):
        self.rows = []
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            for line_no, row in enumerate(reader, start=2):
                if not row:
                    continue
                if len(row) != len(header):
                    raise ValueError(f"{path}, line {line_no}: expected {len(header)} fields, found {len(row)}")
                try:
                    features = [float(v) for v in row[:-1]]
                    label = int(row[-1])
                except ValueError as exc:
                    raise ValueError(f"{path}, line {line_no}: {exc}") from None
                self.rows.append((features, label))

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        features, label = self.rows[index]
        return torch.tensor(features, dtype=torch.float32), torch.tensor(label, dtype=torch.long)


check(issubclass(CSVDataset, Dataset), "a Dataset")
