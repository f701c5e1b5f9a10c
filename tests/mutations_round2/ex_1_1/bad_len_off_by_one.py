# expect: fail
# subtle: yes
# mistake: __len__ returns n - 1 (treats the last index as the count), so the DataLoader skips the last point
# words: len|n - 1|samples|last
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x**2

    def __len__(self):
        return len(self.x) - 1

    def __getitem__(self, index):
        return self.x[index], self.y[index]
