# expect: fail
# subtle: no
# mistake: unsqueeze(0) makes the storage [1, n], so len is 1 and each sample is the whole [n] row
# words: shape|len|[n, 1]|1
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(0)
        self.y = self.x**2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]
