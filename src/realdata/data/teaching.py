"""The small datasets the datasets-and-dataloaders lesson builds on.

Each is a plain ``torch.utils.data.Dataset``: ``__len__`` says how many samples
there are, ``__getitem__`` returns one ``(input, target)`` pair by index. That
is the whole contract; batching and shuffling are the DataLoader's job.
"""

from __future__ import annotations

import csv
from pathlib import Path

import torch
from PIL import Image
from torch import Tensor
from torch.utils.data import Dataset

from realdata._fs import atomic_path, atomic_write_text


class SimpleDataset(Dataset):
    """Points on the familiar line y = 2x + 1, with a little noise.

    Args:
        n: number of samples.
        noise: standard deviation of the noise added to y.
        seed: seeds the x positions and the noise.
    """

    def __init__(self, n: int = 100, noise: float = 0.1, seed: int = 0) -> None:
        g = torch.Generator().manual_seed(seed)
        self.x = torch.rand(n, 1, generator=g) * 2 - 1  # [n, 1], uniform in [-1, 1]
        self.y = 2 * self.x + 1 + noise * torch.randn(n, 1, generator=g)  # [n, 1]

    def __len__(self) -> int:
        return len(self.x)

    def __getitem__(self, index: int) -> tuple[Tensor, Tensor]:
        return self.x[index], self.y[index]  # [1], [1]

    def __repr__(self) -> str:
        return f"SimpleDataset(n={len(self)}, y = 2x + 1)"


class SortedDataset(SimpleDataset):
    """The same points, stored with their targets sorted from low to high.

    Harmless on its own. Without ``shuffle=True``, every batch holds only
    neighbouring targets, and each epoch ends on the largest ones.
    """

    def __init__(self, n: int = 100, noise: float = 0.1, seed: int = 0) -> None:
        super().__init__(n, noise, seed)
        order = torch.argsort(self.y[:, 0])
        self.x, self.y = self.x[order], self.y[order]

    def __repr__(self) -> str:
        return f"SortedDataset(n={len(self)}, targets sorted low to high)"


class BrokenDataset(SimpleDataset):
    """A dataset with a bug: every 7th sample's input has shape [2] instead of [1].

    Indexing one sample works; batching fails, because the DataLoader must
    ``torch.stack`` samples of different shapes.
    """

    def __getitem__(self, index: int) -> tuple[Tensor, Tensor]:
        x, y = super().__getitem__(index)
        if index % 7 == 6:
            x = torch.cat([x, x])  # the bug: [2] instead of [1]
        return x, y

    def __repr__(self) -> str:
        return f"BrokenDataset(n={len(self)}, inconsistent shapes)"


class LazyImageDataset(Dataset):
    """Images that stay on disk until asked for: paths in ``__init__``, loading in ``__getitem__``.

    Only the list of file names lives in memory, so this works for datasets far
    larger than RAM. Each access opens one file and applies ``transform``.

    Args:
        folder: a folder with PNG files and a ``labels.csv`` (``file,label``).
        transform: applied to each PIL image as it is loaded.
    """

    def __init__(self, folder: Path, transform=None) -> None:  # noqa: ANN001
        self.folder = Path(folder)
        with open(self.folder / "labels.csv", newline="") as f:
            rows = list(csv.DictReader(f))
        self.files = [self.folder / row["file"] for row in rows]  # paths only: cheap
        self.labels = [int(row["label"]) for row in rows]
        self.transform = transform

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> tuple[object, int]:
        image = Image.open(self.files[index]).convert("L")  # the disk read happens here
        if self.transform is not None:
            image = self.transform(image)
        return image, self.labels[index]

    def __repr__(self) -> str:
        return f"LazyImageDataset({len(self)} files in {self.folder})"


def write_mnist_pngs(folder: Path, *, root: Path | None = None, n: int = 300, train: bool = True) -> Path:
    """Write the first ``n`` MNIST images as PNG files plus ``labels.csv``, for LazyImageDataset.

    Existing files are reused, so calling this twice is cheap.
    """
    from realdata.data.loaders import mnist_datasets
    from realdata.data.mnist import default_root

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    train_set, test_set = mnist_datasets(root or default_root())
    source = train_set if train else test_set
    rows = ["file,label"]
    for i in range(n):
        name = f"{i:05d}.png"
        path = folder / name
        if not path.exists():
            with atomic_path(path) as tmp:
                Image.fromarray(source.data[i].numpy(), mode="L").save(tmp, format="PNG")
        rows.append(f"{name},{int(source.targets[i])}")
    atomic_write_text(folder / "labels.csv", "\n".join(rows) + "\n")
    return folder
