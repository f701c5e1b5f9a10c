# expect: fail
# subtle: yes
# mistake: x runs from 0 to 1 instead of from -1 to 1
# words: -1|range|linspace|start
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(0, 1, n).unsqueeze(1)
        self.y = self.x**2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]
