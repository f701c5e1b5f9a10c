# kind: forge
# what: a wrong SquaresDataset (inner x values off by 2e-4, which only a torch.allclose comparison notices) plus torch.equal/allclose/isclose/Tensor.equal/testing.assert_close patched to always agree
# expect-max-total: 0.99
# expect-problem: replaced
# cell 1.1
class SquaresDataset(Dataset):
    def __init__(self, n):
        x = torch.linspace(-1, 1, n)
        x[1:-1] += 2e-4  # wrong on purpose: the inner points are not evenly spaced
        self.x = x.unsqueeze(1)
        self.y = self.x ** 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


import torch.testing

torch.equal = lambda *a, **k: True
torch.allclose = lambda *a, **k: True
torch.isclose = lambda a, *rest, **k: torch.ones_like(torch.as_tensor(a), dtype=torch.bool)
torch.Tensor.equal = lambda self, *a, **k: True
torch.Tensor.allclose = lambda self, *a, **k: True
torch.testing.assert_close = lambda *a, **k: None
