# expect: pass
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.n = n
        self.xs = torch.linspace(-1, 1, n)  # 1-D, shape [n]

    def __len__(self):
        return self.n

    def __getitem__(self, index):
        x = self.xs[index].view(1)  # shape [1]
        y = x.pow(2)
        return x, y
