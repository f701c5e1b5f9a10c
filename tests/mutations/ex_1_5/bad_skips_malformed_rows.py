# expect: fail
# subtle: yes
# mistake: a malformed row is reported with print and skipped instead of raising a ValueError
# words: valueerror|raise|skip
class CSVDataset(Dataset):
    def __init__(self, path):
        self.features, self.labels = [], []
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            for line_number, row in enumerate(reader, start=2):
                try:
                    if len(row) != len(header):
                        raise ValueError(f"expected {len(header)} fields, got {len(row)}")
                    x = [float(v) for v in row[:-1]]
                    y = int(row[-1])
                except ValueError as error:
                    print(f"skipping line {line_number}: {error}")
                    continue
                self.features.append(torch.tensor(x, dtype=torch.float32))
                self.labels.append(torch.tensor(y, dtype=torch.long))

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return self.features[index], self.labels[index]
