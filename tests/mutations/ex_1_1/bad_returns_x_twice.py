# expect: fail
# subtle: yes
# mistake: __getitem__ returns x as the target instead of y = x ** 2
# words: target|y|x ** 2|square
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x**2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.x[index]
