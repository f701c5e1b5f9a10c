# expect: fail
# subtle: yes
# mistake: the label is returned as a float32 tensor instead of torch.long
# words: long|label|dtype|float32
class CSVDataset(Dataset):
    def __init__(self, path):
        rows = []
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            for line_number, row in enumerate(reader, start=2):
                if len(row) != len(header):
                    raise ValueError(f"line {line_number}: expected {len(header)} fields, got {len(row)}")
                try:
                    rows.append([float(v) for v in row])
                except ValueError as err:
                    raise ValueError(f"line {line_number}: {err}") from err
        data = torch.tensor(rows, dtype=torch.float32)
        self.features = data[:, :-1]
        self.labels = data[:, -1]

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        return self.features[index], self.labels[index]
