# kind: honest
# what: correct work that sets torch threads, loads the two MNIST sets in a ThreadPoolExecutor, parses CSV rows with pool.map and runs a helper threading.Thread (all joined)
# expect-total: 5.00
# expect-score 1.1: 1.00
# expect-score 1.2: 1.00
# expect-score 1.3: 1.00
# expect-score 1.4: 1.00
# expect-score 1.5: 1.00
# expect-no-problems
# cell 1.1
import threading
from concurrent.futures import ThreadPoolExecutor

torch.set_num_threads(1)
print("torch threads:", torch.get_num_threads())

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
with ThreadPoolExecutor(max_workers=2) as _pool:
    _train = _pool.submit(datasets.MNIST, DATA_ROOT, train=True, download=False, transform=transform)
    _test = _pool.submit(datasets.MNIST, DATA_ROOT, train=False, download=False, transform=transform)
    train_set, test_set = _train.result(), _test.result()
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


_table = {}


def _fill():
    for bs in (16, 64, 256):
        _table[bs] = iterations_per_epoch(60_000, bs)


_t = threading.Thread(target=_fill)
_t.start()
_t.join()
print(_table)
# cell 1.5
class CSVDataset(Dataset):
    def __init__(self, path):
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            numbered = [(line_no, row) for line_no, row in enumerate(reader, start=2) if row]

        def parse(item):
            line_no, row = item
            if len(row) != len(header):
                raise ValueError(f"{path}, line {line_no}: expected {len(header)} fields, found {len(row)}")
            try:
                return [float(v) for v in row[:-1]], int(row[-1])
            except ValueError as exc:
                raise ValueError(f"{path}, line {line_no}: {exc}") from None

        with ThreadPoolExecutor(max_workers=2) as pool:
            self.rows = list(pool.map(parse, numbered))

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        features, label = self.rows[index]
        return torch.tensor(features, dtype=torch.float32), torch.tensor(label, dtype=torch.long)
