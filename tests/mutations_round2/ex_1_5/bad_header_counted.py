# expect: fail
# subtle: yes
# mistake: __len__ counts the lines of the file, header included, so it is one more than the number of data rows
# words: header|row|one more
class CSVDataset(Dataset):
    def __init__(self, path):
        with open(path, newline="") as f:
            self.lines = list(csv.reader(f))
        self.features, self.labels = [], []
        for line_number, row in enumerate(self.lines[1:], start=2):
            try:
                if len(row) != len(self.lines[0]):
                    raise ValueError("wrong number of fields")
                self.features.append(torch.tensor([float(v) for v in row[:-1]], dtype=torch.float32))
                self.labels.append(torch.tensor(int(row[-1]), dtype=torch.long))
            except ValueError as err:
                raise ValueError(f"line {line_number}: {err}") from err

    def __len__(self):
        return len(self.lines)

    def __getitem__(self, index):
        return self.features[index], self.labels[index]
