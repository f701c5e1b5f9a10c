# expect: fail
# subtle: no
# mistake: x and y stay 1-D, so each sample is a 0-d scalar tensor (shape []) instead of shape [1]
# words: shape|[1]|scalar|unsqueeze
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n)
        self.y = self.x**2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]
