# expect: pass
class CSVDataset(Dataset):
    """Reads the file line by line with str.split, no csv module."""

    def __init__(self, path):
        self.samples = []
        with open(path) as f:
            lines = f.read().splitlines()
        n_columns = len(lines[0].split(","))
        for line_number, text in enumerate(lines[1:], start=2):
            if not text.strip():
                continue  # tolerate blank lines, e.g. at the end of the file
            fields = [field.strip() for field in text.split(",")]
            if len(fields) != n_columns:
                raise ValueError(
                    f"{path}, line {line_number}: {len(fields)} fields where the header has {n_columns}"
                )
            try:
                x = torch.tensor([float(v) for v in fields[:-1]], dtype=torch.float32)
                y = torch.tensor(int(fields[-1]), dtype=torch.long)
            except ValueError:
                raise ValueError(f"{path}, line {line_number}: not a number in {text!r}") from None
            self.samples.append((x, y))

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, index):
        return self.samples[index]
