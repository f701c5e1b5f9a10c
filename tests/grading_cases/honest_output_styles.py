# kind: honest
# what: correct work that writes with sys.stdout.write, print(file=sys.stderr), sys.__stderr__, logging, warnings, a restored contextlib.redirect_stdout, prints result-lookalike JSON lines, and calls check()/hint() itself inside its cells
# expect-total: 5.00
# expect-score 1.1: 1.00
# expect-score 1.2: 1.00
# expect-score 1.3: 1.00
# expect-score 1.4: 1.00
# expect-score 1.5: 1.00
# expect-no-problems
# cell 1.1
import contextlib
import io
import json
import logging
import sys
import warnings


class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x ** 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


sys.stdout.write(f"dataset ready: {len(SquaresDataset(5))} samples\n")
print("debug: first sample", SquaresDataset(5)[0], file=sys.stderr)
print(json.dumps({"exercise": "1.1", "passed": True, "score": 1.0, "checks": "5/5"}))
print("1.1: all checks passed (5/5) -- my own note")
check("1.1")
hint("1.1")
# cell 1.2
transform = transforms.Compose([
    transforms.ToTensor(),
    transforms.Normalize((0.1307,), (0.3081,)),
])
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)

with contextlib.redirect_stdout(io.StringIO()) as _buf:
    print(train_set)
print("first line of the dataset's repr:", _buf.getvalue().splitlines()[0])
logging.basicConfig(level=logging.INFO, stream=sys.stderr)
logging.getLogger("learner").info("loaded %d training images", len(train_set))
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


sys.stdout.flush()
print("train_epoch is defined", file=sys.__stderr__)
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


for _bs in (10, 32):
    print(f"{_bs:>4} -> {iterations_per_epoch(100, _bs)}", end="\n", flush=True)
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


warnings.warn("learner's own warning: CSVDataset reads everything at once")
