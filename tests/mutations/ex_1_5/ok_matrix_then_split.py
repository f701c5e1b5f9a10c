# expect: pass
class CSVDataset(Dataset):
    def __init__(self, path):
        table = []
        labels = []
        with open(path, newline="") as handle:
            lines = csv.reader(handle)
            width = len(next(lines))
            for lineno, fields in enumerate(lines, start=2):
                problem = None
                if len(fields) != width:
                    problem = f"{len(fields)} of {width} fields"
                else:
                    try:
                        values = list(map(float, fields[:-1]))
                        label = int(fields[-1])
                    except ValueError as e:
                        problem = str(e)
                if problem is not None:
                    raise ValueError(f"malformed row on line {lineno} of {path}: {problem}")
                table.append(values)
                labels.append(label)
        self.features = torch.as_tensor(table, dtype=torch.float32)
        self.labels = torch.as_tensor(labels, dtype=torch.int64)
        print(f"CSVDataset: {len(self.labels)} rows, {width - 1} features")

    def __len__(self):
        return int(self.labels.numel())

    def __getitem__(self, index):
        return self.features[index].clone(), self.labels[index].clone()
