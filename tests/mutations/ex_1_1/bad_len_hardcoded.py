# expect: fail
# subtle: yes
# mistake: __len__ returns a hard-coded 100 instead of n
# words: len|100|n
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x**2

    def __len__(self):
        return 100

    def __getitem__(self, index):
        return self.x[index], self.y[index]
