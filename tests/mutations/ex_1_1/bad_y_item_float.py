# expect: fail
# subtle: yes
# mistake: y is returned as a Python float via .item(), not a float32 tensor of shape [1]
# words: y|tensor|shape|float
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x**2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index].item()
