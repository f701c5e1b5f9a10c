"""Fixtures the lesson 1 checks share: small datasets that count their reads, an optimizer that counts
its calls, CSV files written on the fly."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset


class _Line(Dataset):
    """y = 3x - 2 on n points, counting how often each sample is read."""

    def __init__(self, n: int) -> None:
        g = torch.Generator().manual_seed(n)
        self.x = torch.rand(n, 1, generator=g) * 2 - 1
        self.y = 3 * self.x - 2
        self.reads = 0

    def __len__(self) -> int:
        return len(self.x)

    def __getitem__(self, i: int):  # noqa: ANN204
        self.reads += 1
        return self.x[i], self.y[i]


class _CountingSGD(torch.optim.SGD):
    def __init__(self, params, lr: float) -> None:  # noqa: ANN001
        super().__init__(params, lr=lr)
        self.steps = 0
        self.zero_grads = 0

    def step(self, closure=None):  # noqa: ANN001, ANN201
        self.steps += 1
        return super().step(closure)

    def zero_grad(self, set_to_none: bool = True) -> None:
        self.zero_grads += 1
        super().zero_grad(set_to_none)


def _setup13(n: int = 37, batch_size: int = 8, seed: int = 0):  # noqa: ANN202
    torch.manual_seed(seed)
    data = _Line(n)
    model = nn.Linear(1, 1)
    return (
        data,
        DataLoader(data, batch_size=batch_size, shuffle=False),
        model,
        _CountingSGD(model.parameters(), 0.1),
    )


def _write_csv(
    folder: Path, n_rows: int, n_features: int, seed: int, *, bad_line: int | None = None
) -> tuple[Path, list]:
    rng = random.Random(seed)
    header = [f"f{i}" for i in range(n_features)] + ["label"]
    rows = []
    for _ in range(n_rows):
        rows.append([round(rng.uniform(-50, 50), 3) for _ in range(n_features)] + [rng.randint(0, 9)])
    path = folder / f"data_{seed}_{n_rows}_{n_features}{'_bad' if bad_line else ''}.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for line_no, row in enumerate(rows, start=2):  # the header is line 1
            if line_no == bad_line:
                w.writerow(row[:-2] + ["oops"])  # a field short and not a number
            else:
                w.writerow(row)
    return path, rows
