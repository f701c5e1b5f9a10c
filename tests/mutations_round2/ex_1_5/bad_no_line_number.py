# expect: fail
# subtle: no
# mistake: a malformed row raises float()'s own ValueError (or an IndexError), which does not name the line number
# words: line|line number
class CSVDataset(Dataset):
    def __init__(self, path):
        features, labels = [], []
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            for row in reader:
                if len(row) != len(header):
                    raise ValueError(f"expected {len(header)} fields, got {len(row)}")
                features.append([float(v) for v in row[:-1]])
                labels.append(int(row[-1]))
        self.features = torch.tensor(features, dtype=torch.float32)
        self.labels = torch.tensor(labels, dtype=torch.long)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return self.features[index], self.labels[index]
