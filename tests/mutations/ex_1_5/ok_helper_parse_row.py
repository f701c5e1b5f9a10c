# expect: pass
def parse_row(fields, n_columns, line_number):
    """One data row -> (features, label); a malformed row names its line."""
    if len(fields) != n_columns:
        raise ValueError(f"Line {line_number} has {len(fields)} fields, expected {n_columns}")
    try:
        return [float(v) for v in fields[:-1]], int(fields[-1])
    except ValueError:
        raise ValueError(f"Line {line_number} has a value that is not a number: {fields}") from None


class CSVDataset(Dataset):
    def __init__(self, path):
        with open(path, newline="") as f:
            rows = list(csv.reader(f))
        header, data = rows[0], rows[1:]
        parsed = [parse_row(fields, len(header), i + 2) for i, fields in enumerate(data)]
        self.x = torch.tensor([x for x, _ in parsed], dtype=torch.float32).reshape(len(parsed), len(header) - 1)
        self.y = torch.tensor([y for _, y in parsed], dtype=torch.long)

    def __getitem__(self, index):
        return self.x[index], self.y[index]

    def __len__(self):
        return self.y.shape[0]
