"""Exercise 1.5 (A CSV Dataset): the checks."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import torch
from torch.utils.data import DataLoader, Dataset

from realdata.course.checks._helpers import as_pair, need_callable, shape
from realdata.course.checks._lesson1 import _write_csv
from realdata.course.model import CheckFailed, Namespace, Test


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


def _expect_line_error(ns: Namespace, path: Path, line: int, what: str) -> None:
    """Building the dataset and reading every sample must raise a ValueError that names ``line``."""
    try:
        ds = _csv_dataset(ns, path)
        for i in range(len(ds)):
            ds[i]
    except ValueError as exc:
        message = str(exc).replace(str(path), "<file>")  # the temporary path may hold digits
        if not re.search(rf"(?<!\d){line}(?!\d)", message):
            raise CheckFailed(
                f"{what} on line {line} raised ValueError({str(exc)!r}), which does not say where: "
                f"name the line number (line {line})"
            ) from None
        return
    except Exception as exc:
        raise CheckFailed(
            f"{what} on line {line} raised {type(exc).__name__}: {exc}. Raise a ValueError that names the line"
        ) from None
    raise CheckFailed(f"{what} on line {line} raised no error: check each row")


def t15_malformed(ns: Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        # a missing field, every value still a number: the row is one column short
        short = Path(tmp) / "short.csv"
        short.write_text("a,b,c,label\n1,2,3,4\n5,6,7,8\n9,10,11\n12,13,14,5\n")
        _expect_line_error(ns, short, 4, "a row with a missing field")
        # the right number of fields, but a word where a number should be
        word, _ = _write_csv(Path(tmp), 10, 3, seed=6)
        lines = word.read_text().splitlines()
        cells = lines[6].split(",")
        cells[1] = "oops"
        lines[6] = ",".join(cells)
        word.write_text("\n".join(lines) + "\n")
        _expect_line_error(ns, word, 7, "a word where a number should be")


def t15_hidden_one_feature(ns: Namespace) -> None:
    """What the text asks, at its edges: one feature column, many rows, no newline after the last row."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one.csv"
        rows = [(round(i * 0.25 - 100, 2), i % 97) for i in range(1200)]
        path.write_text("x,label\n" + "\n".join(f"{x},{y}" for x, y in rows))
        ds = _csv_dataset(ns, path)
        if len(ds) != len(rows):
            raise CheckFailed(
                f"a file of {len(rows)} data rows and one feature column gave __len__ {len(ds)}"
            )
        x, y = ds[len(rows) - 1]
        if tuple(x.shape) != (1,) or float(x[0]) != rows[-1][0] or int(y) != rows[-1][1]:
            raise CheckFailed("with one feature column, the last row's features or label come out wrong")


TESTS = (
    Test("__len__ counts data rows, not the header", t15_len),
    Test("features: float32 tensor with the row's values", t15_features),
    Test("label: an integer (torch.long) tensor", t15_label),
    Test("a DataLoader batches it", t15_loader),
    Test("any number of feature columns", t15_other_width),
    Test("a malformed row gives a ValueError naming its line", t15_malformed),
    Test("one feature column, many rows", t15_hidden_one_feature, hidden=True),
)
