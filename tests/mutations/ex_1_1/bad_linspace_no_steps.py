# expect: fail
# subtle: no
# mistake: torch.linspace called without the number of steps, so building the dataset crashes
# words: linspace|steps|n
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1).unsqueeze(1)
        self.y = self.x**2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]
