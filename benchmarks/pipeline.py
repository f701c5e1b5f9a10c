"""Canonical vs fast MNIST pipeline: one training epoch of SimpleMLP each, same batches.

Run:  python benchmarks/pipeline.py [--data-root DIR]

Prints, all measured in this one run on this machine:
  * each loader's samples/s on its own (no model);
  * the canonical training epoch, at its own best thread count (a full epoch at 1 and at 2 threads);
  * the fast training epoch (1 thread, as `realdata run` uses unless 2 measure faster);
  * fp32 matrix-multiply GFLOP/s and the fast epoch's achieved GFLOP/s;
  * last, `speedup: X` = canonical epoch seconds / fast epoch seconds.

Timings on shared machines are noisy: compare the ratios within one run.
"""

from __future__ import annotations

import argparse
import time

import torch
from torch import nn

from realdata.data import mnist
from realdata.data.loaders import make_loaders
from realdata.models import SimpleMLP
from realdata.training.loop import train_one_epoch


def epoch_flops(model: nn.Module, n_samples: int) -> float:
    """FLOPs of one training epoch of an MLP (multiply-adds x 2).

    Per sample and Linear layer (in -> out): forward in*out MACs, the weight
    gradient in*out MACs, and the input gradient in*out MACs except for the
    first layer, whose input (the images) needs no gradient.
    """
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    macs = 0
    for i, layer in enumerate(linears):
        per = layer.in_features * layer.out_features
        macs += per * (2 if i == 0 else 3)
    return 2.0 * macs * n_samples


def loader_rate(loader) -> float:
    t0 = time.perf_counter()
    n = sum(len(y) for _, y in loader)
    return n / (time.perf_counter() - t0)


def train_epoch_seconds(root, pipeline: str, threads: int) -> float:
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    loaders = make_loaders(root, pipeline=pipeline, seed=0)
    train = loaders.train
    model = SimpleMLP()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True)
    t0 = time.perf_counter()
    train_one_epoch(model, train, nn.CrossEntropyLoss(), optimizer, progress=False)
    return time.perf_counter() - t0


def matmul_gflops(threads: int, n: int = 1024, reps: int = 20) -> float:
    torch.set_num_threads(threads)
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    t0 = time.perf_counter()
    for _ in range(reps):
        a @ b
    return 2 * n**3 * reps / (time.perf_counter() - t0) / 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-root", default=None)
    args = parser.parse_args()
    root = mnist.ensure(args.data_root).root
    torch.set_num_threads(1)

    canonical = make_loaders(root, pipeline="canonical", seed=0)
    fast = make_loaders(root, pipeline="fast", seed=0)
    same = all(
        torch.equal(x1, x2) and torch.equal(y1, y2)
        for _, (x1, y1), (x2, y2) in zip(range(50), canonical.train, fast.train, strict=False)
    )
    print(f"same batches (first 50, seed 0): {same}")
    print(f"canonical loader: {loader_rate(canonical.train):,.0f} samples/s")
    print(f"fast loader:      {loader_rate(fast.train):,.0f} samples/s")

    # The canonical pipeline gets its own best thread count: a full epoch at each (a short probe misleads).
    per_threads = {t: train_epoch_seconds(root, "canonical", t) for t in (1, 2)}
    canon_threads = min(per_threads, key=per_threads.get)
    canon_s = per_threads[canon_threads]
    print(
        f"canonical epoch: {canon_s:.2f} s at its best thread count, {canon_threads} "
        f"(1 thread: {per_threads[1]:.2f} s, 2 threads: {per_threads[2]:.2f} s)"
    )

    fast_s = min(train_epoch_seconds(root, "fast", 1) for _ in range(2))
    fast_2 = train_epoch_seconds(root, "fast", 2)
    print(f"fast epoch:      {fast_s:.2f} s (1 thread; 2 threads: {fast_2:.2f} s)")

    flops = epoch_flops(SimpleMLP(), fast.n_train)
    peak = matmul_gflops(1)
    print(f"matmul fp32 (1024^2, 1 thread): {peak:.1f} GFLOP/s; 2 threads: {matmul_gflops(2):.1f} GFLOP/s")
    print(
        f"fast epoch: {flops / 1e9:.1f} GFLOP in {fast_s:.2f} s = {flops / fast_s / 1e9:.1f} GFLOP/s "
        f"({flops / fast_s / 1e9 / peak:.0%} of the 1-thread matmul rate)"
    )
    print(f"speedup: {canon_s / fast_s:.2f}")


if __name__ == "__main__":
    main()
