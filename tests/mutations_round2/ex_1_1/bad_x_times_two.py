# expect: fail
# subtle: yes
# mistake: the target is x * 2 instead of x ** 2 (doubling instead of squaring)
# words: square|x ** 2|target|y
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x * 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]
