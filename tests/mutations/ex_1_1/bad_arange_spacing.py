# expect: fail
# subtle: yes
# mistake: x built with arange stops one step short of 1, so it is not evenly spaced from -1 to 1
# words: linspace|1|end|spaced
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = (torch.arange(n, dtype=torch.float32) / n * 2 - 1).unsqueeze(1)  # [n, 1]
        self.y = self.x**2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]
