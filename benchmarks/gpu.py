"""`realdata run --device cuda`, measured: the eager GPU loop, the sync-free runner, the captured step.

Run:  python benchmarks/gpu.py            # on a machine with a CUDA GPU
      python benchmarks/gpu.py --epochs 2

On the CPU it says that no GPU is present and exits 0. On a GPU it prints, measured in one run:
- the GPU's fp32 and TF32 matmul rates (TFLOP/s, 8192^2 matmuls);
- epoch seconds of SimpleMLP for: the lesson's loop with batches moved to the GPU one by one
  (eager), the sync-free runner over device-resident batches, the step captured as a CUDA
  graph, and torch.compile(mode="reduce-overhead"); capture and compile time apart;
- `speedup: X` (eager / captured);
- both models, 5 epochs each, with the captured step: total training seconds, and each model's
  test accuracy next to the CPU run's (same seed, same batches).
Targets on an H100: both models in under 2 s of training in total; accuracies within 0.3 points.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import torch

from realdata.config import DataConfig, TrainConfig
from realdata.data.device_loader import DeviceBatches
from realdata.data.mnist import ensure
from realdata.run import loaders_for, make_training
from realdata.training import fast
from realdata.training.loop import evaluate, train_one_epoch


def matmul_tflops(device: torch.device, tf32: bool) -> float:
    torch.backends.cuda.matmul.allow_tf32 = tf32
    a = torch.randn(8192, 8192, device=device)
    b = torch.randn(8192, 8192, device=device)
    for _ in range(3):
        a @ b
    fast.sync(device)
    start = time.perf_counter()
    for _ in range(10):
        a @ b
    fast.sync(device)
    seconds = (time.perf_counter() - start) / 10
    torch.backends.cuda.matmul.allow_tf32 = False
    return 2 * 8192**3 / seconds / 1e12


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args()
    if not torch.cuda.is_available():
        print("no GPU present (torch.cuda.is_available() is False): nothing to measure here")
        return
    device = torch.device("cuda")
    fast.reproducible_cuda()
    print(f"GPU: {torch.cuda.get_device_name(device)}; torch {torch.__version__}")
    print(
        f"matmul fp32: {matmul_tflops(device, False):.1f} TFLOP/s; TF32: {matmul_tflops(device, True):.1f} TFLOP/s"
    )
    root = ensure().root
    data = DataConfig()

    def fresh(model: str):  # noqa: ANN202
        loaders = loaders_for(root, data)
        model_, optimizer, loss_fn = make_training(TrainConfig(model=model), data, device)
        return loaders, model_, optimizer, loss_fn

    # 1. the lesson's loop, each batch moved to the GPU as it comes (a sync per step for loss.item())
    loaders, model, optimizer, loss_fn = fresh("simple")
    eager = []
    for _ in range(2):
        fast.sync(device)
        t0 = time.perf_counter()
        train_one_epoch(model, loaders.train, loss_fn, optimizer, device, progress=False)
        evaluate(model, loaders.test, loss_fn, device)
        fast.sync(device)
        eager.append(time.perf_counter() - t0)
    print(f"eager GPU loop (lesson code): {statistics.median(eager):.3f} s/epoch")

    # 2. the sync-free runner over device-resident batches
    loaders, model, optimizer, loss_fn = fresh("simple")
    train, test = DeviceBatches.from_loaders(loaders, device)
    history = fast.fit(model, train, test, loss_fn, optimizer, epochs=2, device=device)
    print(f"sync-free runner: {statistics.median(r.seconds for r in history):.3f} s/epoch")

    # 3. the step captured as a CUDA graph
    loaders, model, optimizer, loss_fn = fresh("simple")
    train, test = DeviceBatches.from_loaders(loaders, device)
    first = next(iter(DeviceBatches(train.images, train.labels, train.batch_size, shuffle=False)))
    runner = fast.StepRunner(model, loss_fn, optimizer, first)
    runner.capture(warmup=[first] * 3)
    history = fast.fit(model, train, test, loss_fn, optimizer, epochs=2, step=runner, device=device)
    captured = statistics.median(r.seconds for r in history)
    print(f"captured step (CUDA graph): {captured:.3f} s/epoch; capture took {runner.capture_seconds:.2f} s")

    # 4. torch.compile(mode="reduce-overhead")
    try:
        loaders, model, optimizer, loss_fn = fresh("simple")
        train, test = DeviceBatches.from_loaders(loaders, device)
        step = fast.compiled_step(model, loss_fn, optimizer)
        t0 = time.perf_counter()
        step(*first)  # compiles
        fast.sync(device)
        compile_s = time.perf_counter() - t0
        history = fast.fit(model, train, test, loss_fn, optimizer, epochs=2, step=step, device=device)
        print(f"torch.compile reduce-overhead: {statistics.median(r.seconds for r in history):.3f} s/epoch; "
              f"compile took {compile_s:.1f} s")  # fmt: skip
    except Exception as err:  # noqa: BLE001 - report, and go on with the rest
        print(f"torch.compile reduce-overhead: failed ({type(err).__name__}: {str(err)[:200]})")
    print(f"speedup: {statistics.median(eager) / captured:.1f}")

    # 5. both models, captured, against the CPU run with the same seed and batches
    total, rows = 0.0, []
    for name in ("simple", "improved"):
        loaders, model, optimizer, loss_fn = fresh(name)
        train, test = DeviceBatches.from_loaders(loaders, device)
        first = next(iter(DeviceBatches(train.images, train.labels, train.batch_size, shuffle=False)))
        runner = fast.StepRunner(model, loss_fn, optimizer, first)
        runner.capture(warmup=[first] * 3)
        history = fast.fit(
            model, train, test, loss_fn, optimizer, epochs=args.epochs, step=runner, device=device
        )
        gpu_seconds = sum(r.seconds for r in history)
        total += gpu_seconds
        cpu_loaders = loaders_for(root, data)
        cpu_model, cpu_opt, cpu_loss = make_training(TrainConfig(model=name), data, torch.device("cpu"))
        cpu_history = fast.fit(
            cpu_model, *DeviceBatches.from_loaders(cpu_loaders, "cpu"), cpu_loss, cpu_opt, epochs=args.epochs
        )
        rows.append((name, history[-1].test_accuracy, cpu_history[-1].test_accuracy, gpu_seconds))
    for name, gpu_acc, cpu_acc, seconds in rows:
        print(f"{name}: {args.epochs} epochs in {seconds:.2f} s on the GPU; test accuracy GPU {gpu_acc:.2%} vs CPU "
              f"{cpu_acc:.2%} ({(gpu_acc - cpu_acc) * 100:+.2f} points)")  # fmt: skip
    print(f"both models, {args.epochs} epochs each: {total:.2f} s of training on the GPU")


if __name__ == "__main__":
    sys.exit(main())
