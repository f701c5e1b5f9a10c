# expect: fail
# subtle: yes
# mistake: the label is returned as a float32 tensor instead of torch.long
# words: long|label|dtype|int64
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
                    x = [float(v) for v in row[:-1]]
                    y = int(row[-1])
                except ValueError as error:
                    raise ValueError(f"line {line_number}: {error}") from error
                self.features.append(torch.tensor(x, dtype=torch.float32))
                self.labels.append(torch.tensor(y, dtype=torch.float32))

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return self.features[index], self.labels[index]
