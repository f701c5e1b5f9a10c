# kind: honest
# what: correct work that calls torch.equal, torch.allclose, torch.isclose, Tensor.equal, torch.testing.assert_close and an alias/partial of them in its own self-tests (never patching them)
# expect-total: 5.00
# expect-score 1.1: 1.00
# expect-score 1.2: 1.00
# expect-score 1.3: 1.00
# expect-score 1.4: 1.00
# expect-score 1.5: 1.00
# expect-no-problems
# cell 1.1
import functools

class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x ** 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


same = torch.equal
close = functools.partial(torch.allclose, atol=1e-6)
_ds = SquaresDataset(5)
assert same(_ds[0][0], torch.tensor([-1.0]))
assert torch.equal(_ds[4][1], torch.tensor([1.0]))
assert close(_ds.y, _ds.x ** 2)
assert bool(torch.isclose(_ds.x[2], torch.tensor([0.0])).all())
assert _ds.x.equal(torch.linspace(-1, 1, 5).unsqueeze(1))
torch.testing.assert_close(_ds.y, _ds.x.pow(2))
print("my own tensor comparisons pass")
# cell 1.2
transform = transforms.Compose([
    transforms.ToTensor(),
    transforms.Normalize((0.1307,), (0.3081,)),
])
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)
assert torch.allclose(train_set[0][0].mean(), train_set[0][0].mean())
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


_model = nn.Linear(1, 1)
_before = _model.weight.detach().clone()
train_epoch(_model, DataLoader(SquaresDataset(16), batch_size=4), nn.MSELoss(), torch.optim.SGD(_model.parameters(), lr=0.1))
print("weights moved:", not torch.equal(_before, _model.weight.detach()))
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
