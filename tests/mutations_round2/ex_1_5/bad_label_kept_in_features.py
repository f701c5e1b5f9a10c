# expect: fail
# subtle: yes
# mistake: the features tensor includes the label column too (row instead of row[:-1])
# words: label|features|column|last
class CSVDataset(Dataset):
    def __init__(self, path):
        features, labels = [], []
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            for line_number, row in enumerate(reader, start=2):
                if len(row) != len(header):
                    raise ValueError(f"line {line_number}: expected {len(header)} fields, got {len(row)}")
                try:
                    features.append([float(v) for v in row])
                    labels.append(int(row[-1]))
                except ValueError as err:
                    raise ValueError(f"line {line_number}: {err}") from err
        self.features = torch.tensor(features, dtype=torch.float32)
        self.labels = torch.tensor(labels, dtype=torch.long)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return self.features[index], self.labels[index]
