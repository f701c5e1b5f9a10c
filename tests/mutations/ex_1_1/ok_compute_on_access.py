# expect: pass
from torch import Tensor


class SquaresDataset(Dataset):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.grid: Tensor = torch.linspace(-1, 1, n, dtype=torch.float32)

    def __len__(self) -> int:
        return self.grid.numel()

    def __getitem__(self, index: int) -> tuple[Tensor, Tensor]:
        x = self.grid[index].reshape(1)
        y = x * x  # same as x ** 2
        return x, y
