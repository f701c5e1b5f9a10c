# expect: fail
# subtle: yes
# mistake: the features include the label column (row[:] instead of row[:-1])
# words: label|features|last column|columns
class CSVDataset(Dataset):
    def __init__(self, path):
        self.features, self.labels = [], []
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            for line_number, row in enumerate(reader, start=2):
                if len(row) != len(header):
                    raise ValueError(f"line {line_number}: expected {len(header)} fields, got {len(row)}")
                try:
                    x = [float(v) for v in row]
                    y = int(row[-1])
                except ValueError as error:
                    raise ValueError(f"line {line_number}: {error}") from error
                self.features.append(torch.tensor(x, dtype=torch.float32))
                self.labels.append(torch.tensor(y, dtype=torch.long))

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return self.features[index], self.labels[index]
