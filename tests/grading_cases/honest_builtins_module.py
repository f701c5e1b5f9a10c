# kind: honest
# what: correct work that imports builtins and calls builtins.len/print/open/divmod/range/float explicitly (reading builtins, never changing them)
# expect-total: 5.00
# expect-score 1.1: 1.00
# expect-score 1.2: 1.00
# expect-score 1.3: 1.00
# expect-score 1.4: 1.00
# expect-score 1.5: 1.00
# expect-no-problems
# cell 1.1
import builtins
from builtins import len as builtin_len


class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x ** 2

    def __len__(self):
        return builtin_len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


builtins.print("builtins has", builtins.len(dir(builtins)), "names; abs is", builtins.abs)
# cell 1.2
transform = transforms.Compose([
    transforms.ToTensor(),
    transforms.Normalize((0.1307,), (0.3081,)),
])
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)
getattr(builtins, "print")("train:", builtins.len(train_set), "test:", builtins.len(test_set))
# cell 1.3
def train_epoch(model, loader, loss_fn, optimizer):
    total = builtins.float(0)
    batches = 0
    for x, y in loader:
        predictions = model(x)
        loss = loss_fn(predictions, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += builtins.float(loss.item())
        batches += 1
    return total / builtins.len(loader)
# cell 1.4
def iterations_per_epoch(n_samples, batch_size):
    full, rest = builtins.divmod(n_samples, batch_size)
    return full + (1 if rest else 0)


def last_batch_size(n_samples, batch_size):
    return builtins.divmod(n_samples, batch_size)[1] or batch_size


def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    updates = 0
    for epoch in builtins.range(epochs):
        for x, y in loader:
            updates += 1
    return updates
# cell 1.5
class CSVDataset(Dataset):
    def __init__(self, path):
        self.rows = []
        with builtins.open(path, newline="") as f:
            reader = csv.reader(f)
            header = builtins.next(reader)
            for line_no, row in builtins.enumerate(reader, start=2):
                if not row:
                    continue
                if builtins.len(row) != builtins.len(header):
                    raise builtins.ValueError(f"{path}, line {line_no}: expected {len(header)} fields, found {len(row)}")
                try:
                    features = [builtins.float(v) for v in row[:-1]]
                    label = builtins.int(row[-1])
                except builtins.ValueError as exc:
                    raise builtins.ValueError(f"{path}, line {line_no}: {exc}") from None
                self.rows.append((features, label))

    def __len__(self):
        return builtins.len(self.rows)

    def __getitem__(self, index):
        features, label = self.rows[index]
        return torch.tensor(features, dtype=torch.float32), torch.tensor(label, dtype=torch.long)
