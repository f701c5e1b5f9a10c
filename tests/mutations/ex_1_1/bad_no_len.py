# expect: fail
# subtle: no
# mistake: __len__ is never defined, so len(dataset) and the DataLoader fail
# words: __len__|len
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x**2

    def __getitem__(self, index):
        return self.x[index], self.y[index]
