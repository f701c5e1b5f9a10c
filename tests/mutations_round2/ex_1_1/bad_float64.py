# expect: fail
# subtle: yes
# mistake: the tensors are float64 (dtype=torch.float64) instead of float32
# words: float32|float64|dtype|double
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n, dtype=torch.float64).unsqueeze(1)
        self.y = self.x**2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]
