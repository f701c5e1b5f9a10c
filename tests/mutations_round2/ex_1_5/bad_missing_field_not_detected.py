# expect: fail
# subtle: yes
# mistake: only non-numeric values raise; a row with a missing field is parsed silently (fewer features) instead of raising ValueError
# words: missing|field|fields|line
class CSVDataset(Dataset):
    def __init__(self, path):
        self.samples = []
        with open(path, newline="") as f:
            reader = csv.reader(f)
            next(reader)  # skip the header
            for line_number, row in enumerate(reader, start=2):
                try:
                    x = torch.tensor([float(v) for v in row[:-1]], dtype=torch.float32)
                    y = torch.tensor(int(row[-1]), dtype=torch.long)
                except ValueError as err:
                    raise ValueError(f"line {line_number}: {err}") from err
                self.samples.append((x, y))

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, index):
        return self.samples[index]
