# expect: fail
# subtle: no
# mistake: the header line is parsed as data, so float() fails on the column names of every file
# words: header|first line
class CSVDataset(Dataset):
    def __init__(self, path):
        with open(path, newline="") as f:
            rows = list(csv.reader(f))
        n_columns = len(rows[0])
        self.features, self.labels = [], []
        for line_number, row in enumerate(rows, start=1):
            if len(row) != n_columns:
                raise ValueError(f"line {line_number}: expected {n_columns} fields, got {len(row)}")
            try:
                x = [float(v) for v in row[:-1]]
                y = int(row[-1])
            except ValueError as error:
                raise ValueError(f"line {line_number}: {error}") from error
            self.features.append(torch.tensor(x, dtype=torch.float32))
            self.labels.append(torch.tensor(y, dtype=torch.long))

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return self.features[index], self.labels[index]
