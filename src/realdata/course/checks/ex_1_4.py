"""Exercise 1.4 (Batch size experiments): the checks."""

from __future__ import annotations

import random

from torch.utils.data import DataLoader

from realdata.course.checks._helpers import expect_int, need_callable
from realdata.course.checks._lesson1 import _Line
from realdata.course.model import CheckFailed, Namespace, Test


def _loader_len(n: int, b: int) -> int:
    return len(DataLoader(range(n), batch_size=b))


def t14_iterations(ns: Namespace) -> None:
    fn = need_callable(ns, "iterations_per_epoch")
    rng = random.Random(14)
    pairs = [(100, 8), (97, 8), (64, 8), (60_000, 64), (5, 10), (1, 1), (1001, 1000), (60_001, 6000)]
    pairs += [(rng.randint(1, 10**6), rng.randint(1, 5000)) for _ in range(20)]
    for n, b in pairs:
        got = fn(n, b)
        want = _loader_len(n, b) if n < 10**5 else -(-n // b)
        expect_int(got, want, f"iterations_per_epoch({n}, {b})")
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
        expect_int(got, want, f"last_batch_size({n}, {b})")
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


TESTS = (
    Test("iterations_per_epoch matches the DataLoader", t14_iterations),
    Test("last_batch_size matches the DataLoader", t14_last_batch),
    Test("count_updates iterates a real DataLoader", t14_count_updates),
    Test("many random sizes", t14_hidden, hidden=True),
)
