# expect: fail
# subtle: yes
# mistake: tensors are float64 (built from numpy's linspace) instead of float32
# words: float32|float64|dtype|double
import numpy as np


class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.from_numpy(np.linspace(-1, 1, n)).unsqueeze(1)
        self.y = self.x**2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]
