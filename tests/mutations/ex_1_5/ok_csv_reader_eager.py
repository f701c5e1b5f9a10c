# expect: pass
class CSVDataset(Dataset):
    def __init__(self, path):
        features, labels = [], []
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            for row in reader:
                line = reader.line_num  # line number in the file (the header is line 1)
                if len(row) != len(header):
                    raise ValueError(f"line {line}: expected {len(header)} fields, got {len(row)}: {row}")
                try:
                    features.append([float(value) for value in row[:-1]])
                    labels.append(int(row[-1]))
                except ValueError as error:
                    raise ValueError(f"line {line}: {error}") from error
        self.features = torch.tensor(features, dtype=torch.float32)
        self.labels = torch.tensor(labels, dtype=torch.long)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return self.features[index], self.labels[index]
