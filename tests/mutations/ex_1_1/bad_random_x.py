# expect: fail
# subtle: yes
# mistake: x drawn uniformly at random in [-1, 1] (copied from SimpleDataset) instead of evenly spaced with linspace
# words: linspace|random|evenly|spaced
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.rand(n, 1) * 2 - 1  # [n, 1] in [-1, 1]
        self.y = self.x**2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]
