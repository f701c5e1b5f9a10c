# kind: honest
# what: correct work that writes files in its working folder (a matplotlib Agg PNG, its own test CSV, results.json and grades.csv of its own, a helper module it imports and reloads)
# expect-total: 5.00
# expect-score 1.1: 1.00
# expect-score 1.2: 1.00
# expect-score 1.3: 1.00
# expect-score 1.4: 1.00
# expect-score 1.5: 1.00
# expect-no-problems
# cell 1.1
import importlib
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x ** 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


_ds = SquaresDataset(21)
plt.plot(_ds.x.squeeze(1), _ds.y.squeeze(1), "o-")
plt.savefig("squares.png")
plt.close()
with open("results.json", "w") as f:
    json.dump({"1.1": "my dataset works", "len": len(_ds)}, f)
with open("grades.csv", "w") as f:
    f.write("exercise,my guess\n1.1,1.00\n")
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
with open("csv_helpers.py", "w") as f:
    f.write(
        "def parse_row(path, line_no, row, n_fields):\n"
        "    if len(row) != n_fields:\n"
        "        raise ValueError(f'{path}, line {line_no}: expected {n_fields} fields, found {len(row)}')\n"
        "    try:\n"
        "        return [float(v) for v in row[:-1]], int(row[-1])\n"
        "    except ValueError as exc:\n"
        "        raise ValueError(f'{path}, line {line_no}: {exc}') from None\n"
    )
if os.getcwd() not in sys.path:
    sys.path.append(os.getcwd())
import csv_helpers

importlib.reload(csv_helpers)


class CSVDataset(Dataset):
    def __init__(self, path):
        self.rows = []
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            for line_no, row in enumerate(reader, start=2):
                if not row:
                    continue
                self.rows.append(csv_helpers.parse_row(path, line_no, row, len(header)))

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        features, label = self.rows[index]
        return torch.tensor(features, dtype=torch.float32), torch.tensor(label, dtype=torch.long)


with open("my_data.csv", "w") as f:
    f.write("a,b,label\n1,2,0\n3,4,1\n")
print(len(CSVDataset("my_data.csv")), "rows in my test file")
