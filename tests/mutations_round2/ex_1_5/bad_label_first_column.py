# expect: fail
# subtle: yes
# mistake: takes the label from the first column and the features from the others, instead of the last column
# words: last|label|column|first
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
                    labels.append(int(float(row[0])))
                    features.append([float(v) for v in row[1:]])
                except ValueError as err:
                    raise ValueError(f"line {line_number}: {err}") from err
        self.features = torch.tensor(features, dtype=torch.float32)
        self.labels = torch.tensor(labels, dtype=torch.long)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return self.features[index], self.labels[index]
