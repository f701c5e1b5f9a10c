# expect: pass
class CSVDataset(Dataset):
    """Plain string handling, no csv module: one sample per line after the header."""

    def __init__(self, path):
        with open(path) as f:
            lines = f.read().splitlines()
        n_columns = len(lines[0].split(","))
        self.samples = []
        for number, line in enumerate(lines[1:], start=2):
            fields = [field.strip() for field in line.split(",")]
            if len(fields) != n_columns or any(field == "" for field in fields):
                raise ValueError(f"{path}, line {number}: missing field in {line!r}")
            try:
                x = torch.tensor([float(v) for v in fields[:-1]], dtype=torch.float32)
                y = torch.tensor(int(fields[-1]), dtype=torch.long)
            except ValueError:
                raise ValueError(f"{path}, line {number}: not a number in {line!r}") from None
            self.samples.append((x, y))

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, index):
        return self.samples[index]
