# kind: harm
# what: solves 1.1, then tries to allocate 64 GiB in 1 GiB blocks (calloc'd, so nothing is touched); the address-space limit must turn it into a MemoryError named in the row
# expect-score 1.1: 1.00
# expect-problem: MemoryError
# expect-max-seconds: 120
# cell 1.1
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x ** 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


# cell 1.3
hog = [bytes(2**30) for _ in range(64)]
