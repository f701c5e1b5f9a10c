# expect: fail
# subtle: yes
# mistake: samples are 0-d scalars (shape []) instead of shape [1], so batches come out [batch] not [batch, 1]
# words: shape|[1]|scalar|[batch, 1]
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n)
        self.y = self.x**2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]
