# expect: fail
# subtle: yes
# mistake: the error gives the data-row number (first data row = 1) instead of the line number in the file, which is one more
# words: line|off by one|header
class CSVDataset(Dataset):
    def __init__(self, path):
        self.features, self.labels = [], []
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            for line_number, row in enumerate(reader, start=1):
                if len(row) != len(header):
                    raise ValueError(f"line {line_number}: expected {len(header)} fields, got {len(row)}")
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
