# expect: pass
class SquaresDataset(Dataset):
    """Keeps 1-D tensors and slices out a length-1 window per sample."""

    def __init__(self, n):
        self.n = n
        self.xs = torch.linspace(-1.0, 1.0, steps=n)
        self.ys = self.xs.pow(2)

    def __len__(self):
        return self.n

    def __getitem__(self, index):
        # a slice keeps the dimension: shape [1], not []
        return self.xs[index : index + 1], self.ys[index : index + 1]
