# expect: pass
class SquaresDataset(Dataset):
    def __init__(self, n):
        xs = torch.linspace(-1, 1, n)
        # one (x, y) pair per sample, each of shape [1]
        self.samples = [(x.view(1), (x**2).view(1)) for x in xs]
        print(f"SquaresDataset: {len(self.samples)} samples")

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, index):
        x, y = self.samples[index]
        return x, y
