# expect: pass
def _parse_row(row: dict, columns: list[str], line_no: int) -> tuple[list[float], int]:
    values = [row.get(c) for c in columns]
    if None in values or row.get(None):  # too few or too many fields
        raise ValueError(f"Malformed row at line {line_no}: wrong number of fields")
    try:
        return [float(v) for v in values[:-1]], int(values[-1])
    except ValueError as e:
        raise ValueError(f"Malformed row at line {line_no}: {e}") from e


class CSVDataset(Dataset):
    def __init__(self, path):
        with open(path, newline="") as f:
            reader = csv.DictReader(f)
            columns = reader.fieldnames
            rows = [_parse_row(row, columns, reader.line_num) for row in reader]
        self.x = torch.tensor([r[0] for r in rows], dtype=torch.float32).reshape(len(rows), len(columns) - 1)
        self.y = torch.tensor([r[1] for r in rows], dtype=torch.long)

    def __len__(self):
        return self.y.shape[0]

    def __getitem__(self, index):
        return self.x[index], self.y[index]
