# kind: harm
# what: solves 1.1, 1.4 and 1.5, but the 1.3 cell ignores SIGINT and spins forever; must cost one time limit plus the grace period, and the later cells are "not run"
# expect-max-total: 1.00
# expect-problem: not run
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


# cell 1.3
import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
while True:
    pass
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
