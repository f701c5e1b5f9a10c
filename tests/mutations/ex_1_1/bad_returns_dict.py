# expect: fail
# subtle: no
# mistake: __getitem__ returns a dict instead of an (x, y) pair
# words: pair|tuple|dict
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x**2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return {"x": self.x[index], "y": self.y[index]}
