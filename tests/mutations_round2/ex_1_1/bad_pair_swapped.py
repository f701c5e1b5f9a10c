# expect: fail
# subtle: yes
# mistake: __getitem__ returns (y, x) instead of (x, y)
# words: order|swapped|(x, y)|y
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x**2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.y[index], self.x[index]
