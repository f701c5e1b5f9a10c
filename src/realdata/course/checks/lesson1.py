"""Lesson 1 (datasets-and-dataloaders): the five exercises and the predict-and-verify questions.

Every check builds its own inputs (sizes, files and values the learner never
saw), drives the learner's objects through the real torch APIs, and says what
is wrong in a learner's words.
"""

from __future__ import annotations

import csv
import math
import random
import re
import tempfile
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset, RandomSampler, SequentialSampler

from realdata.course.checks._helpers import as_pair, close, need, need_callable, shape
from realdata.course.model import CheckFailed, Exercise, Namespace, Question, Test

LESSON = "datasets-and-dataloaders"

# =========================================================================== 1.1 custom Dataset


def _squares(ns: Namespace, n: int) -> Dataset:
    cls = need_callable(ns, "SquaresDataset")
    ds = cls(n)
    return ds


def t11_is_dataset(ns: Namespace) -> None:
    cls = need_callable(ns, "SquaresDataset")
    if not (isinstance(cls, type) and issubclass(cls, Dataset)):
        raise CheckFailed("`SquaresDataset` should be a class that subclasses torch.utils.data.Dataset")
    cls(5)  # constructing it must work (raises NotImplementedError if untouched)


def t11_len(ns: Namespace) -> None:
    for n in (37, 1, 250):
        got = len(_squares(ns, n))
        if got != n:
            hint = " (off by one?)" if abs(got - n) == 1 else ""
            raise CheckFailed(f"`__len__` returned {got} for SquaresDataset({n}); it should return {n}{hint}")


def t11_sample_shapes(ns: Namespace) -> None:
    ds = _squares(ns, 11)
    x, y = as_pair(ds[3], "`__getitem__`")
    for name, v in (("x", x), ("y", y)):
        if not isinstance(v, torch.Tensor):
            raise CheckFailed(f"{name} is {shape(v)}; return tensors so a DataLoader can stack them")
        if tuple(v.shape) != (1,):
            fix = (
                " (a scalar: index with a slice, self.x[i:i+1], or store the data as [n, 1])"
                if v.dim() == 0
                else ""
            )
            raise CheckFailed(f"{name} has shape {shape(v)} but each sample should have shape [1]{fix}")


def t11_dtype(ns: Namespace) -> None:
    x, y = _squares(ns, 9)[0]
    for name, v in (("x", x), ("y", y)):
        if v.dtype != torch.float32:
            raise CheckFailed(
                f"{name} is {v.dtype}; models use float32: build the data with torch "
                "(not numpy or Python floats) or call .float()"
            )


def t11_values(ns: Namespace) -> None:
    n = 21
    ds = _squares(ns, n)
    xs = torch.stack([ds[i][0] for i in range(n)])[:, 0]
    expected_x = torch.linspace(-1, 1, n)
    if not torch.allclose(xs, expected_x, atol=1e-6):
        raise CheckFailed(
            f"x should be {n} evenly spaced values from -1 to 1 (torch.linspace(-1, 1, n)); "
            f"sample 0 has x={xs[0].item():.3f} and the last x={xs[-1].item():.3f}"
        )
    for i in (0, 5, 13):
        x, y = ds[i]
        if not close(y.item(), x.item() ** 2, 1e-5):
            raise CheckFailed(f"y should be x squared: for x={x.item():.2f} you returned y={y.item():.4f}")


def t11_loader(ns: Namespace) -> None:
    ds = _squares(ns, 20)
    x, y = next(iter(DataLoader(ds, batch_size=8)))
    if tuple(x.shape) != (8, 1) or tuple(y.shape) != (8, 1):
        raise CheckFailed(
            f"a DataLoader with batch_size=8 gave x {shape(x)} and y {shape(y)}; expected [8, 1] each"
        )
    if len(DataLoader(ds, batch_size=8)) != 3:
        raise CheckFailed("20 samples in batches of 8 should give 3 batches")


def t11_hidden_large(ns: Namespace) -> None:
    ds = _squares(ns, 1001)
    ys = torch.stack([ds[i][1] for i in range(len(ds))])
    if not close(ys.mean().item(), 0.3343, 1e-3) or not close(ds[1000][0].item(), 1.0):
        raise CheckFailed("a large SquaresDataset does not hold x from -1 to 1 with y = x^2")


EX_1_1 = Exercise(
    id="1.1",
    lesson=LESSON,
    title="A custom Dataset",
    level="guided",
    concepts=("dataset", "dataset-dataloader-separation", "collation"),
    first_step="Start in __init__: make self.x = torch.linspace(-1, 1, n) and self.y from it, then fill in __len__.",
    hints=(
        "A Dataset needs two methods: __len__ (how many samples) and __getitem__ (one sample by index).",
        "In __init__, build all x values at once with torch.linspace(-1, 1, n), and y = x ** 2. "
        "Store them as [n, 1] tensors so that one sample has shape [1].",
        "self.x = torch.linspace(-1, 1, n).unsqueeze(1); self.y = self.x ** 2; "
        "__len__ returns len(self.x); __getitem__ returns (self.x[index], self.y[index]).",
    ),
    solution="""class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)  # [n, 1]
        self.y = self.x ** 2                             # [n, 1]

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]              # [1], [1]
""",
    tests=(
        Test("SquaresDataset is a torch Dataset", t11_is_dataset),
        Test("__len__ counts the samples", t11_len),
        Test("a sample is a pair of shape-[1] tensors", t11_sample_shapes),
        Test("samples are float32", t11_dtype),
        Test("x runs evenly from -1 to 1 and y = x^2", t11_values),
        Test("a DataLoader batches it", t11_loader),
        Test("large sizes", t11_hidden_large, hidden=True),
    ),
)

# =========================================================================== 1.2 MNIST loading

MEAN, STD = 0.1307, 0.3081


def t12_names(ns: Namespace) -> None:
    for name in ("transform", "train_set", "test_set", "train_loader", "test_loader"):
        if ns.get(name) is None or ns.get(name) is Ellipsis:
            if name in ns:
                raise NotImplementedError
            need(ns, name)


def t12_splits(ns: Namespace) -> None:
    from torchvision import datasets

    train_set, test_set = ns["train_set"], ns["test_set"]
    for name, ds in (("train_set", train_set), ("test_set", test_set)):
        if isinstance(ds, torch.utils.data.TensorDataset):
            raise CheckFailed(
                f"{name} is a TensorDataset of tensors converted up front. Transforms belong in the "
                "dataset: pass transform= to datasets.MNIST so each image is converted when it is loaded"
            )
        if not isinstance(ds, datasets.MNIST):
            raise CheckFailed(f"{name} should be a torchvision datasets.MNIST, not a {type(ds).__name__}")
    if len(train_set) == 10_000 and len(test_set) == 60_000:
        raise CheckFailed(
            "train_set has 10,000 images and test_set 60,000: train=True and train=False are swapped"
        )
    if len(train_set) != 60_000:
        raise CheckFailed(
            f"train_set has {len(train_set)} images; the MNIST training split has 60,000 (train=True)"
        )
    if len(test_set) != 10_000:
        raise CheckFailed(
            f"test_set has {len(test_set)} images; the MNIST test split has 10,000 (train=False)"
        )


def t12_transform(ns: Namespace) -> None:
    train_set = ns["train_set"]
    if train_set.transform is None:
        raise CheckFailed("train_set has no transform: pass transform=transform to datasets.MNIST")
    x, y = train_set[0]
    if not isinstance(x, torch.Tensor):
        raise CheckFailed(f"train_set[0] gives {shape(x)}, not a tensor: the transform needs ToTensor()")
    if tuple(x.shape) != (1, 28, 28) or x.dtype != torch.float32:
        raise CheckFailed(
            f"an image should be a float32 tensor of shape [1, 28, 28]; got {x.dtype} {shape(x)}"
        )
    if x.min() >= 0 and x.max() <= 1:
        raise CheckFailed(
            "pixel values run from 0 to 1: add Normalize((0.1307,), (0.3081,)) after ToTensor()"
        )
    raw = train_set.data[0].float() / 255
    if not torch.allclose(x[0], (raw - MEAN) / STD, atol=1e-5):
        raise CheckFailed(
            "the normalised pixels are off: use Normalize((0.1307,), (0.3081,)), MNIST's mean and std"
        )
    if not isinstance(y, int):
        raise CheckFailed(
            f"labels should stay integers; train_set[0] gives a label of type {type(y).__name__}"
        )


def t12_train_loader(ns: Namespace) -> None:
    loader = ns["train_loader"]
    if not isinstance(loader, DataLoader):
        raise CheckFailed(f"train_loader should be a DataLoader, not a {type(loader).__name__}")
    if loader.dataset is not ns["train_set"]:
        raise CheckFailed("train_loader does not wrap train_set: DataLoader(train_set, ...)")
    x, y = next(iter(loader))
    if tuple(x.shape) != (64, 1, 28, 28):
        raise CheckFailed(
            f"a training batch has shape {shape(x)}; with batch_size=64 it should be [64, 1, 28, 28]"
        )
    if not isinstance(loader.sampler, RandomSampler):
        raise CheckFailed("train_loader does not shuffle: pass shuffle=True so every epoch sees a new order")
    first = next(iter(loader))[1]
    if torch.equal(first, y):
        raise CheckFailed(
            "two epochs started with the same batch: train_loader should reshuffle (shuffle=True)"
        )


def t12_test_loader(ns: Namespace) -> None:
    loader = ns["test_loader"]
    if not isinstance(loader, DataLoader) or loader.dataset is not ns["test_set"]:
        raise CheckFailed("test_loader should be DataLoader(test_set, ...)")
    if not isinstance(loader.sampler, SequentialSampler):
        raise CheckFailed(
            "test_loader shuffles. The test set is only measured, never learned from: use shuffle=False"
        )


EX_1_2 = Exercise(
    id="1.2",
    lesson=LESSON,
    title="Loading MNIST",
    level="guided",
    concepts=(
        "torchvision-datasets",
        "transforms-pipeline",
        "mnist-tensor-shape",
        "dataloader",
        "shuffle-random-sampling",
    ),
    first_step="Start with transform = transforms.Compose([...]) holding ToTensor() and Normalize(...).",
    hints=(
        "You need a transform, two datasets (train=True and train=False) and two DataLoaders.",
        "datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform); the training "
        "loader shuffles, the test loader does not.",
        "transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))]); "
        "train_loader = DataLoader(train_set, batch_size=64, shuffle=True).",
    ),
    solution="""transform = transforms.Compose([
    transforms.ToTensor(),                        # PIL image -> [1, 28, 28] in [0, 1]
    transforms.Normalize((0.1307,), (0.3081,)),   # MNIST's mean and std
])
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)
""",
    tests=(
        Test("transform, datasets and loaders are defined", t12_names),
        Test("train and test splits", t12_splits),
        Test("each image is transformed on access: float32 [1, 28, 28], normalised", t12_transform),
        Test("train_loader: batches of 64, reshuffled each epoch", t12_train_loader),
        Test("test_loader: in order", t12_test_loader),
    ),
)

# =========================================================================== 1.3 loop + DataLoader


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


def _reference_epoch(
    model: nn.Module, loader: DataLoader, lr: float, *, zero_grad: bool = True
) -> list[tuple[float, int]]:
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for x, y in loader:
        loss = nn.functional.mse_loss(model(x), y)
        if zero_grad:
            opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append((loss.item(), len(y)))
    return losses


def _call_train_epoch(ns: Namespace, model, loader, optimizer):  # noqa: ANN001, ANN202
    fn = need_callable(ns, "train_epoch")
    return fn(model, loader, nn.MSELoss(), optimizer)


def t13_steps(ns: Namespace) -> None:
    data, loader, model, opt = _setup13()
    _call_train_epoch(ns, model, loader, opt)
    if opt.steps == 37:
        raise CheckFailed(
            "37 optimizer steps for 37 samples: you stepped once per sample. Iterate over the loader"
        )
    if opt.steps == 1:
        raise CheckFailed(
            "one optimizer step for the whole epoch: call optimizer.step() inside the loop, once per batch"
        )
    if opt.steps != 5:
        raise CheckFailed(
            f"{opt.steps} optimizer steps; 37 samples in batches of 8 make 5 batches, so 5 steps"
        )


def t13_every_sample(ns: Namespace) -> None:
    data, loader, model, opt = _setup13()
    _call_train_epoch(ns, model, loader, opt)
    if data.reads != 37:
        raise CheckFailed(
            f"the epoch read {data.reads} samples from a 37-sample dataset; it should read each once"
        )


def t13_zero_grad(ns: Namespace) -> None:
    _, loader, model, opt = _setup13()
    ref_model = nn.Linear(1, 1)
    ref_model.load_state_dict(model.state_dict())
    acc_model = nn.Linear(1, 1)
    acc_model.load_state_dict(model.state_dict())
    _call_train_epoch(ns, model, loader, opt)
    _reference_epoch(ref_model, loader, 0.1)
    _reference_epoch(acc_model, loader, 0.1, zero_grad=False)
    same = all(
        torch.allclose(a, b, atol=1e-5)
        for a, b in zip(model.parameters(), ref_model.parameters(), strict=True)
    )
    if same:
        return
    accumulated = all(
        torch.allclose(a, b, atol=1e-5)
        for a, b in zip(model.parameters(), acc_model.parameters(), strict=True)
    )
    if accumulated or opt.zero_grads == 0:
        raise CheckFailed(
            "gradients pile up from batch to batch: call optimizer.zero_grad() before loss.backward()"
        )
    raise CheckFailed(
        "after one epoch the weights differ from the standard loop's (forward, loss, zero_grad, backward, step)"
    )


def t13_returns_mean(ns: Namespace) -> None:
    _, loader, model, opt = _setup13()
    ref_model = nn.Linear(1, 1)
    ref_model.load_state_dict(model.state_dict())
    got = _call_train_epoch(ns, model, loader, opt)
    losses = _reference_epoch(ref_model, loader, 0.1)
    if isinstance(got, torch.Tensor):
        raise CheckFailed(
            "train_epoch returned a tensor; return a plain number (use loss.item() when adding up)"
        )
    if not isinstance(got, int | float):
        raise CheckFailed(f"train_epoch should return the epoch's mean loss as a number, not {got!r}")
    per_batch = sum(loss for loss, _ in losses) / len(losses)
    per_sample = sum(loss * n for loss, n in losses) / sum(n for _, n in losses)
    if close(got, per_batch, 1e-4) or close(got, per_sample, 1e-4):
        return
    if close(got, losses[-1][0], 1e-4):
        raise CheckFailed("you returned the last batch's loss; return the mean over all batches of the epoch")
    if close(got, sum(loss for loss, _ in losses), 1e-4):
        raise CheckFailed("you returned the sum of the batch losses; divide by the number of batches")
    raise CheckFailed(
        f"train_epoch returned {got:.4f}; the mean batch loss of that epoch was {per_batch:.4f}"
    )


def t13_learns(ns: Namespace) -> None:
    _, loader, model, opt = _setup13(n=64, batch_size=16, seed=1)
    losses = [_call_train_epoch(ns, model, loader, opt) for _ in range(15)]
    if not losses[-1] < losses[0] / 4:
        raise CheckFailed(
            f"over 15 epochs the loss went from {losses[0]:.3f} to {losses[-1]:.3f}; it should fall a lot"
        )


def t13_hidden_shuffled(ns: Namespace) -> None:
    torch.manual_seed(3)
    data = _Line(50)
    model = nn.Linear(1, 1)
    opt = _CountingSGD(model.parameters(), 0.05)
    loader = DataLoader(data, batch_size=7, shuffle=True)
    _call_train_epoch(ns, model, loader, opt)
    if opt.steps != math.ceil(50 / 7) or data.reads != 50:
        raise CheckFailed("with a shuffled loader of another size the epoch is not one step per batch")


EX_1_3 = Exercise(
    id="1.3",
    lesson=LESSON,
    title="The training loop meets the DataLoader",
    level="supported",
    concepts=("dataloader", "iterations-per-epoch"),
    first_step="Write the for loop over the loader: `for x, y in loader:` and put the four heartbeat lines inside.",
    hints=(
        "Only the line that feeds data changes: instead of slicing tensors, loop `for x, y in loader:`.",
        "Inside the loop: predictions = model(x); loss = loss_fn(predictions, y); optimizer.zero_grad(); "
        "loss.backward(); optimizer.step(). Add loss.item() to a running total.",
        "Keep total = 0.0 before the loop, total += loss.item() inside, and return total / len(loader).",
    ),
    solution="""def train_epoch(model, loader, loss_fn, optimizer):
    total = 0.0
    for x, y in loader:                 # the only new line: the DataLoader feeds the batches
        predictions = model(x)
        loss = loss_fn(predictions, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
    return total / len(loader)          # mean loss over the epoch's batches
""",
    tests=(
        Test("one optimizer step per batch", t13_steps),
        Test("every sample once per epoch", t13_every_sample),
        Test("gradients cleared every step", t13_zero_grad),
        Test("returns the epoch's mean loss", t13_returns_mean),
        Test("the loss falls over epochs", t13_learns),
        Test("a shuffled loader of another size", t13_hidden_shuffled, hidden=True),
    ),
)

# =========================================================================== 1.4 batch sizes


def _loader_len(n: int, b: int) -> int:
    return len(DataLoader(range(n), batch_size=b))


def t14_iterations(ns: Namespace) -> None:
    fn = need_callable(ns, "iterations_per_epoch")
    for n, b in ((100, 8), (97, 8), (64, 8), (60_000, 64), (5, 10), (1, 1)):
        got = fn(n, b)
        want = _loader_len(n, b)
        if got == want and isinstance(got, int):
            continue
        if got == want:
            raise CheckFailed(
                f"iterations_per_epoch({n}, {b}) returned {got!r}; return an int, as len(loader) does"
            )
        if got == n // b:
            if fn(15, 8) == 2:  # right when the leftover is large, wrong when small: rounding
                raise CheckFailed(
                    f"iterations_per_epoch({n}, {b}) returned {got}: rounding to the nearest is not enough; "
                    f"any leftover samples, even one, make one more batch ({want})"
                )
            raise CheckFailed(
                f"iterations_per_epoch({n}, {b}) returned {got}: that drops the partial last batch. "
                f"A DataLoader gives {want} (ceil, not floor)"
            )
        if n % b == 0 and got == want + 1:
            raise CheckFailed(
                f"iterations_per_epoch({n}, {b}) returned {got}; {n} divides evenly into batches of {b}, "
                f"so there is no partial batch: {want}"
            )
        raise CheckFailed(f"iterations_per_epoch({n}, {b}) returned {got}; a DataLoader gives {want}")


def t14_last_batch(ns: Namespace) -> None:
    fn = need_callable(ns, "last_batch_size")
    for n, b in ((100, 8), (64, 8), (60_000, 64), (3, 10)):
        want = list(DataLoader(range(n), batch_size=b))[-1].numel()
        got = fn(n, b)
        if got == want:
            continue
        if got == 0 and n % b == 0:
            raise CheckFailed(
                f"last_batch_size({n}, {b}) returned 0; when {n} divides evenly the last batch is full ({b})"
            )
        raise CheckFailed(
            f"last_batch_size({n}, {b}) returned {got}; the DataLoader's last batch holds {want}"
        )


def t14_count_updates(ns: Namespace) -> None:
    fn = need_callable(ns, "count_updates")
    data = _Line(45)
    got = fn(data, 10, 3)
    if data.reads == 0:
        raise CheckFailed("count_updates did not read the dataset: build a DataLoader and iterate over it")
    if got != 15:
        raise CheckFailed(
            f"count_updates(45 samples, batch_size=10, epochs=3) returned {got}; 5 batches x 3 epochs = 15"
        )
    if data.reads != 135:
        raise CheckFailed(f"3 epochs should read each of 45 samples 3 times (135 reads), not {data.reads}")


def t14_hidden(ns: Namespace) -> None:
    fn = need_callable(ns, "iterations_per_epoch")
    rng = random.Random(14)
    for _ in range(50):
        n, b = rng.randint(1, 5000), rng.randint(1, 300)
        if fn(n, b) != _loader_len(n, b):
            raise CheckFailed("iterations_per_epoch disagrees with DataLoader on some sizes")


EX_1_4 = Exercise(
    id="1.4",
    lesson=LESSON,
    title="Batch size experiments",
    level="supported",
    concepts=("iterations-per-epoch", "dataloader", "collation"),
    first_step="Start with iterations_per_epoch: how many batches does a DataLoader make from n samples?",
    hints=(
        "A DataLoader keeps the leftover samples as one smaller last batch (unless drop_last=True).",
        "iterations = ceil(n / batch_size). The last batch holds the remainder n % batch_size, unless that is 0.",
        "math.ceil(n / batch_size); last = n % batch_size or batch_size; count_updates loops "
        "`for epoch in range(epochs): for x, y in DataLoader(dataset, batch_size=batch_size): count += 1`.",
    ),
    solution="""def iterations_per_epoch(n_samples, batch_size):
    return math.ceil(n_samples / batch_size)

def last_batch_size(n_samples, batch_size):
    return n_samples % batch_size or batch_size

def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    updates = 0
    for epoch in range(epochs):
        for x, y in loader:
            updates += 1        # one optimizer step would happen here
    return updates
""",
    tests=(
        Test("iterations_per_epoch matches the DataLoader", t14_iterations),
        Test("last_batch_size matches the DataLoader", t14_last_batch),
        Test("count_updates iterates a real DataLoader", t14_count_updates),
        Test("many random sizes", t14_hidden, hidden=True),
    ),
)

# =========================================================================== 1.5 CSV Dataset


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


def _csv_dataset(ns: Namespace, path: Path) -> Dataset:
    return need_callable(ns, "CSVDataset")(path)


def t15_len(ns: Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path, rows = _write_csv(Path(tmp), 100, 3, seed=1)
        got = len(_csv_dataset(ns, path))
    if got == 101:
        raise CheckFailed("`__len__` returned 101 for a 100-row file: is the header counted as a row?")
    if got == 99:
        raise CheckFailed(
            "`__len__` returned 99 for a 100-row file: did you skip the first data row as well as the header?"
        )
    if got != 100:
        raise CheckFailed(f"`__len__` returned {got} for a file with a header and 100 rows")


def t15_features(ns: Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path, rows = _write_csv(Path(tmp), 20, 3, seed=2)
        ds = _csv_dataset(ns, path)
        x, _ = as_pair(ds[7], "`__getitem__`")
    if not isinstance(x, torch.Tensor):
        raise CheckFailed(f"the features are {shape(x)}; return them as a tensor")
    if tuple(x.shape) != (3,):
        raise CheckFailed(f"a row with 3 feature columns gave features of shape {shape(x)}; expected [3]")
    if x.dtype != torch.float32:
        raise CheckFailed(f"the features are {x.dtype}; use torch.float32 (dtype=torch.float32)")
    if not torch.allclose(x, torch.tensor(rows[7][:3], dtype=torch.float32), atol=1e-4):
        raise CheckFailed(f"row 7's features should be {rows[7][:3]}, you returned {x.tolist()}")


def t15_label(ns: Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path, rows = _write_csv(Path(tmp), 20, 3, seed=3)
        _, y = _csv_dataset(ns, path)[4]
    if isinstance(y, float) or (isinstance(y, torch.Tensor) and y.is_floating_point()):
        raise CheckFailed(
            "the label came back as a float; class labels are integers: torch.tensor(label, dtype=torch.long)"
        )
    if not isinstance(y, torch.Tensor) or y.dtype != torch.int64 or y.dim() != 0:
        raise CheckFailed(f"the label should be a 0-dimensional torch.long tensor, got {shape(y)}")
    if int(y) != rows[4][-1]:
        raise CheckFailed(f"row 4's label is {rows[4][-1]}, you returned {int(y)}")


def t15_loader(ns: Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path, _ = _write_csv(Path(tmp), 30, 3, seed=4)
        x, y = next(iter(DataLoader(_csv_dataset(ns, path), batch_size=8, shuffle=True)))
    if tuple(x.shape) != (8, 3) or tuple(y.shape) != (8,):
        raise CheckFailed(
            f"a batch of 8 gave features {shape(x)} and labels {shape(y)}; expected [8, 3] and [8]"
        )


def t15_other_width(ns: Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path, rows = _write_csv(Path(tmp), 12, 5, seed=5)
        try:
            x, y = _csv_dataset(ns, path)[11]
        except (NotImplementedError, CheckFailed):
            raise
        except Exception as exc:
            raise CheckFailed(
                f"a file with 5 feature columns made your code raise {type(exc).__name__}: {exc}. "
                "Don't hard-code the column count"
            ) from None
    if tuple(x.shape) != (5,):
        raise CheckFailed(
            f"a file with 5 feature columns gave features {shape(x)}: don't hard-code the column count"
        )
    if int(y) != rows[11][-1]:
        raise CheckFailed("with 5 feature columns the label is the last column")


def t15_malformed(ns: Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path, _ = _write_csv(Path(tmp), 10, 3, seed=6, bad_line=7)
        try:
            ds = _csv_dataset(ns, path)
            for i in range(len(ds)):
                ds[i]
        except ValueError as exc:
            message = str(exc).replace(str(path), "<file>")  # the temporary path may hold digits
            if not re.search(r"(?<!\d)7(?!\d)", message):
                raise CheckFailed(
                    f"a malformed row raised ValueError({str(exc)!r}), which does not say where: "
                    "name the line number (line 7)"
                ) from None
            return
        except Exception as exc:
            raise CheckFailed(
                f"a malformed row on line 7 raised {type(exc).__name__}: {exc}. Raise a ValueError that names the line"
            ) from None
    raise CheckFailed(
        "a row with a missing field and the text 'oops' on line 7 raised no error: check each row"
    )


def t15_hidden_quoted(ns: Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "q.csv"
        path.write_text('a,b,label\n"1.5","2",3\n4,5,6\n\n')
        ds = _csv_dataset(ns, path)
        if len(ds) != 2 or ds[0][0].tolist() != [1.5, 2.0] or int(ds[1][1]) != 6:
            raise CheckFailed("quoted numbers or a trailing blank line are not handled")


EX_1_5 = Exercise(
    id="1.5",
    lesson=LESSON,
    title="A CSV Dataset",
    level="independent",
    concepts=("dataset", "dataloader", "lazy-loading"),
    first_step="Start in __init__: open the file with the csv module, skip the header, keep the rows.",
    hints=(
        "Read the file once in __init__ with csv.reader; the first row is the header.",
        "Each row: all fields but the last are features (float32 tensor), the last is the label (torch.long). "
        "Convert each row in a try block so that a bad row can be reported with its line number.",
        "for line_no, row in enumerate(reader, start=2): try: features = [float(v) for v in row[:-1]]; "
        "label = int(row[-1]) except ValueError: raise ValueError(f'line {line_no}: ...').",
    ),
    solution="""class CSVDataset(Dataset):
    def __init__(self, path):
        self.rows = []
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            for line_no, row in enumerate(reader, start=2):   # the header is line 1
                if not row:
                    continue                                  # tolerate blank lines
                if len(row) != len(header):
                    raise ValueError(f"{path}, line {line_no}: expected {len(header)} fields, found {len(row)}")
                try:
                    features = [float(v) for v in row[:-1]]
                    label = int(row[-1])
                except ValueError as exc:
                    raise ValueError(f"{path}, line {line_no}: {exc}") from None
                self.rows.append((features, label))

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        features, label = self.rows[index]
        return torch.tensor(features, dtype=torch.float32), torch.tensor(label, dtype=torch.long)
""",
    tests=(
        Test("__len__ counts data rows, not the header", t15_len),
        Test("features: float32 tensor with the row's values", t15_features),
        Test("label: an integer (torch.long) tensor", t15_label),
        Test("a DataLoader batches it", t15_loader),
        Test("any number of feature columns", t15_other_width),
        Test("a malformed row gives a ValueError naming its line", t15_malformed),
        Test("quoted fields and blank lines", t15_hidden_quoted, hidden=True),
    ),
)

EXERCISES = (EX_1_1, EX_1_2, EX_1_3, EX_1_4, EX_1_5)

# =========================================================================== questions


def _shape_is(expected: tuple[int, ...]):  # noqa: ANN202
    def accept(given) -> bool:  # noqa: ANN001
        try:
            return tuple(int(d) for d in given) == expected
        except TypeError:
            return False

    return accept


def _is_no(given) -> bool:  # noqa: ANN001
    return given is False or (
        isinstance(given, str) and given.strip().lower() in {"no", "false", "different"}
    )


QUESTIONS = (
    Question(
        "1.check1.a",
        LESSON,
        "A dataset has 100 samples and the DataLoader uses batch_size=8. How many iterations per epoch?",
        13,
        "ceil(100 / 8) = 13: twelve full batches of 8 (96 samples) and one last batch with the 4 left over.",
        ("iterations-per-epoch", "dataloader"),
    ),
    Question(
        "1.check1.b",
        LESSON,
        "Same loader: how many samples are in the last batch of each epoch?",
        4,
        "100 - 12 * 8 = 4. The DataLoader keeps the leftovers as a smaller last batch (drop_last=False).",
        ("iterations-per-epoch", "collation"),
    ),
    Question(
        "1.check1.c",
        LESSON,
        "With shuffle=True, does the first batch of epoch 2 hold the same samples as the first batch of epoch 1? "
        "(True or False)",
        False,
        "No: shuffle=True draws a new random order every epoch, so every batch is a fresh random sample "
        "of the data, the polling idea in practice.",
        ("shuffle-random-sampling",),
        accept=_is_no,
    ),
    Question(
        "1.check1.d",
        LESSON,
        "Each sample's x has shape [1]. What is the shape of x in a batch of 8? (a tuple or list)",
        None,
        "[8, 1]: the DataLoader stacks the 8 samples, adding the batch dimension in front.",
        ("collation", "dataloader"),
        accept=_shape_is((8, 1)),
    ),
    Question(
        "1.quick.a",
        LESSON,
        "An MNIST batch has shape [64, 1, 28, 28]. What is the batch size?",
        64,
        "The first dimension is always the batch: 64 images.",
        ("mnist-tensor-shape",),
    ),
    Question(
        "1.quick.b",
        LESSON,
        "In [64, 1, 28, 28], how many colour channels does each image have?",
        1,
        "1: MNIST is grayscale. A colour image would have 3 (red, green, blue) in that position.",
        ("mnist-tensor-shape",),
    ),
    Question(
        "1.check2",
        LESSON,
        "A colleague loads 50,000 PIL images into a list, converts them all to tensors up front, and slices "
        "batches by hand with images[i:i+64]. What would you suggest, and why? (your own words)",
        None,
        "Write a Dataset that stores the file paths in __init__ and opens one image in __getitem__ (lazy "
        "loading: memory holds paths, not 50,000 images), apply the transforms there, per sample (and random "
        "augmentation then differs on every access), and wrap it in a DataLoader with shuffle=True for batching "
        "and a fresh random order each epoch. The Dataset is the menu, the DataLoader the kitchen; the training "
        "loop body does not change.",
        ("lazy-loading", "transforms-pipeline", "dataset-dataloader-separation", "torchvision-datasets"),
    ),
)
