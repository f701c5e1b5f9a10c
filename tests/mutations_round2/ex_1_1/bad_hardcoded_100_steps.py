# expect: fail
# subtle: yes
# mistake: linspace always makes 100 points (n only used by __len__), so x values are wrong for any other n
# words: n|linspace|100|evenly
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.n = n
        self.x = torch.linspace(-1, 1, 100).unsqueeze(1)
        self.y = self.x**2

    def __len__(self):
        return self.n

    def __getitem__(self, index):
        return self.x[index], self.y[index]
