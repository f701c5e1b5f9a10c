# expect: pass
class SquaresDataset(Dataset):
    """n points on [-1, 1] with y = x^2, kept as a list of ready-made (x, y) pairs."""

    def __init__(self, n: int) -> None:
        xs = torch.linspace(-1.0, 1.0, steps=n, dtype=torch.float32)
        self.pairs = [(x.reshape(1), (x * x).reshape(1)) for x in xs]

    def __len__(self) -> int:
        return len(self.pairs)

    def __getitem__(self, index: int):
        return self.pairs[index]
