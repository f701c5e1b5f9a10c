# expect: pass
class SquaresDataset(Dataset):
    def __init__(self, n):
        x = torch.linspace(start=-1, end=1, steps=n).reshape(-1, 1)
        self.y = torch.square(x)
        self.x = x

    def __getitem__(self, index):
        return self.x[index], self.y[index]

    def __len__(self):
        return self.x.shape[0]
