# expect: pass
from pathlib import Path


class CSVDataset(Dataset):
    def __init__(self, path):
        self.path = Path(path)
        self.rows: list[tuple[list[float], int]] = []
        with self.path.open(newline="") as f:
            reader = csv.DictReader(f)
            *feature_names, label_name = reader.fieldnames
            for record in reader:
                where = f"{self.path.name}:{reader.line_num}"
                if None in record or None in record.values():
                    raise ValueError(f"{where}: wrong number of fields (line {reader.line_num})")
                try:
                    x = [float(record[name]) for name in feature_names]
                    y = int(record[label_name])
                except ValueError as error:
                    raise ValueError(f"{where}: line {reader.line_num} is malformed ({error})") from error
                self.rows.append((x, y))

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        x, y = self.rows[index]
        return torch.tensor(x, dtype=torch.float32), torch.tensor(y, dtype=torch.long)
