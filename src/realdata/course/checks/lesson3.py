"""Lesson 3 (debugging-and-visualization): six exercises, the capstone graded per bug, and the questions.

The TensorBoard checks read the learner's event files with TensorBoard's own
reader; the capstone checks watch the learner's training function with the
training doctor's instruments, one check per bug.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from realdata.course.checks._helpers import close, need, need_callable
from realdata.course.model import CheckFailed, Exercise, Namespace, Question, Test

LESSON = "debugging-and-visualization"

# =========================================================================== 3.1 torchinfo


def t31_stats(ns: Namespace) -> None:
    from torchinfo.model_statistics import ModelStatistics

    stats = need(ns, "stats")
    if stats is Ellipsis:
        raise NotImplementedError
    if not isinstance(stats, ModelStatistics):
        raise CheckFailed("`stats` should be what torchinfo.summary(model, input_size=...) returns")
    first = stats.summary_list[0].input_size if stats.summary_list else None
    if first is not None and len(first) == 3:
        raise CheckFailed(f"input_size={tuple(first)} has no batch dimension: use (32, 1, 28, 28)")
    if first is not None and list(first) != [32, 1, 28, 28]:
        raise CheckFailed(
            f"the summary was made for input {list(first)}; the exercise asks for a batch of 32: (32, 1, 28, 28)"
        )


def t31_params(ns: Namespace) -> None:
    got = need(ns, "total_params")
    if got is Ellipsis:
        raise NotImplementedError
    expected = sum(p.numel() for p in ns["model"].parameters())
    if got == 784 * 128 + 128 * 64 + 64 * 10:
        raise CheckFailed(f"{got:,} counts only the weights: each Linear also has one bias per output")
    if got != expected:
        raise CheckFailed(f"total_params is {got:,}; torchinfo's 'Total params' line says {expected:,}")


def t31_shape(ns: Namespace) -> None:
    got = need(ns, "hidden_output_shape")
    if got is Ellipsis:
        raise NotImplementedError
    got = list(got)
    if got == [64]:
        raise CheckFailed("[64] leaves out the batch dimension, which torchinfo shows first: [32, 64]")
    if got == [32, 128]:
        raise CheckFailed("[32, 128] is the first Linear's output; the second Linear gives [32, 64]")
    if got != [32, 64]:
        raise CheckFailed(f"{got} is not the second Linear layer's output shape in the summary")


EX_3_1 = Exercise(
    id="3.1",
    lesson=LESSON,
    title="torchinfo verification",
    level="guided",
    concepts=("torchinfo-summary",),
    first_step="Call stats = summary(model, input_size=(32, 1, 28, 28)) and read its table.",
    hints=(
        "torchinfo.summary takes the model and an input_size that includes the batch dimension.",
        "The table lists each layer's output shape; 'Total params' is at the bottom (stats.total_params).",
        "stats = summary(model, input_size=(32, 1, 28, 28)); total_params = stats.total_params; "
        "hidden_output_shape = [32, 64].",
    ),
    solution="""stats = summary(model, input_size=(32, 1, 28, 28))
print(stats)
total_params = stats.total_params            # 109,386
hidden_output_shape = [32, 64]               # the second Linear's "Output Shape"
""",
    tests=(
        Test("summary of a batch of 32", t31_stats),
        Test("total parameters", t31_params),
        Test("the second Linear's output shape", t31_shape),
    ),
)

# =========================================================================== 3.2 shape bug


def t32_layer(ns: Namespace) -> None:
    got = need(ns, "bad_layer")
    if got is Ellipsis:
        raise NotImplementedError
    if got == 1:
        raise CheckFailed("layer 1, Linear(784, 256), is fine: it receives the 784 values Flatten makes")
    if got != 3:
        raise CheckFailed(f"layer {got} is not where the shapes disagree; follow the sizes: 784 -> 256 -> ? ")


def t32_fixed(ns: Namespace) -> None:
    fixed = need(ns, "fixed")
    if fixed is Ellipsis:
        raise NotImplementedError
    if not isinstance(fixed, nn.Module):
        raise CheckFailed("`fixed` should be the repaired nn.Sequential")
    try:
        out = fixed.eval()(torch.zeros(4, 1, 28, 28))
    except RuntimeError as exc:
        raise CheckFailed(
            f"`fixed` still fails on a [4, 1, 28, 28] batch: {str(exc).splitlines()[0]}"
        ) from None
    if tuple(out.shape) != (4, 10):
        raise CheckFailed(f"`fixed` gives {list(out.shape)}; it should give [4, 10]")
    if len(list(fixed.children())) != len(list(ns["broken"].children())):
        raise CheckFailed(
            "a plumbing problem needs one number changed, not a new design: keep the same layers"
        )


EX_3_2 = Exercise(
    id="3.2",
    lesson=LESSON,
    title="Diagnosing a shape bug",
    level="guided",
    concepts=("torchinfo-summary",),
    first_step="Run summary(broken, input_size=(1, 1, 28, 28)) and read which layer fails.",
    hints=(
        "Shape errors are plumbing: find the one number that does not match its neighbour.",
        "Follow the sizes: Flatten gives 784, the first Linear makes 256, the next one expects 128.",
        "bad_layer = 3; fixed = broken with nn.Linear(256, 64) at index 3.",
    ),
    solution="""bad_layer = 3   # Linear(128, 64) receives 256 features
fixed = nn.Sequential(
    nn.Flatten(), nn.Linear(784, 256), nn.ReLU(),
    nn.Linear(256, 64), nn.ReLU(),            # in_features now matches the 256 that arrive
    nn.Linear(64, 10),
)
""",
    tests=(Test("the layer that breaks", t32_layer), Test("the repaired model runs", t32_fixed)),
)

# =========================================================================== 3.3 gradient norms


def _probe_model() -> nn.Module:
    torch.manual_seed(3)
    model = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 2))
    for p in model[2].parameters():
        p.requires_grad_(False)  # a frozen layer has no gradient
    x, y = torch.randn(32, 6), torch.randint(0, 2, (32,))
    nn.functional.cross_entropy(model(x), y).backward()
    return model


def t33_matches(ns: Namespace) -> None:
    fn = need_callable(ns, "gradient_norms")
    model = _probe_model()
    got = fn(model)
    if not isinstance(got, dict):
        raise CheckFailed(f"gradient_norms should return a dict {{name: norm}}, not {type(got).__name__}")
    expected = {
        n: torch.linalg.vector_norm(p.grad).item() for n, p in model.named_parameters() if p.grad is not None
    }
    if any(isinstance(v, torch.Tensor) for v in got.values()):
        raise CheckFailed("the norms are tensors; return plain floats (.item())")
    if set(got) != set(expected):
        extra = sorted(set(got) - set(expected))
        if extra and all(
            model.get_parameter(n).grad is None for n in extra if n in dict(model.named_parameters())
        ):
            raise CheckFailed(f"{extra} have no gradient (frozen): skip parameters whose .grad is None")
        raise CheckFailed(
            f"the keys should be the names from model.named_parameters() with a gradient: {sorted(expected)}"
        )
    for name, value in expected.items():
        if not close(got[name], value, 1e-5):
            raise CheckFailed(
                f"the norm of {name} is {value:.6f}; you returned {got[name]:.6f} (use param.grad.norm())"
            )


EX_3_3 = Exercise(
    id="3.3",
    lesson=LESSON,
    title="Implementing gradient-norm checking",
    level="supported",
    concepts=("gradient-norms", "log-gradient-norms", "named-parameters"),
    first_step="Loop over model.named_parameters() and collect param.grad.norm().item() by name.",
    hints=(
        "model.named_parameters() gives (name, parameter) pairs; after backward() each has a .grad.",
        "Skip parameters whose .grad is None (frozen or unused); store floats, not tensors.",
        "return {name: p.grad.norm().item() for name, p in model.named_parameters() if p.grad is not None}",
    ),
    solution="""def gradient_norms(model):
    norms = {}
    for name, param in model.named_parameters():
        if param.grad is not None:            # frozen layers have no gradient
            norms[name] = param.grad.norm().item()
    return norms
""",
    tests=(Test("matches torch's own norms, by name, skipping frozen layers", t33_matches),),
)

# =========================================================================== 3.4 TensorBoard logging


def _read(run: Path) -> dict[str, list[tuple[int, float]]]:
    from realdata.training.tracking import read_scalars

    return read_scalars(run)


def t34_logs(ns: Namespace) -> None:
    fn = need_callable(ns, "train_and_log")
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp) / "lr-0.05"
        fn(str(run), 0.05, 2)
        if not run.exists() or not list(run.glob("events.out.tfevents.*")):
            raise CheckFailed(
                "no event file in the log folder: create SummaryWriter(log_dir) with the folder you are given"
            )
        scalars = _read(run)
    if not scalars:
        raise CheckFailed(
            "the event file holds no scalars: call writer.add_scalar(...) and writer.close() at the end"
        )
    for tag in ("loss/train", "accuracy/train"):
        if tag not in scalars:
            raise CheckFailed(f"no '{tag}' scalar; the tags logged were {sorted(scalars)}")
    steps = [s for s, _ in scalars["loss/train"]]
    if len(steps) > 2:
        raise CheckFailed(
            f"{len(steps)} points for 2 epochs: log once per epoch (step = the epoch number), not every batch"
        )
    if len(steps) != 2:
        raise CheckFailed(f"{len(steps)} loss points for 2 epochs; log one per epoch")
    accs = [v for _, v in scalars["accuracy/train"]]
    if not all(0 <= v <= 1 for v in accs):
        raise CheckFailed(f"accuracy values {accs} are not fractions between 0 and 1")


def t34_two_runs(ns: Namespace) -> None:
    runs = [p for p in Path("runs", "ex3.4").glob("*") if list(p.glob("events.out.tfevents.*"))]
    if len(runs) < 2:
        raise CheckFailed(
            f"runs/ex3.4 holds {len(runs)} run(s) with event files; run the cell that logs two runs"
        )


EX_3_4 = Exercise(
    id="3.4",
    lesson=LESSON,
    title="TensorBoard logging",
    level="supported",
    concepts=("tensorboard-summarywriter", "tensorboard-run-comparison"),
    first_step="Create writer = SummaryWriter(log_dir) and add the two add_scalar lines after each epoch.",
    hints=(
        "A SummaryWriter writes event files into its log_dir; one folder per run.",
        "After each epoch: writer.add_scalar('loss/train', mean_loss, epoch) and the same for accuracy/train. "
        "Close the writer at the end.",
        "writer = SummaryWriter(log_dir); for epoch in range(1, epochs + 1): loss, acc = train_one_epoch(...); "
        "writer.add_scalar('loss/train', loss, epoch); writer.add_scalar('accuracy/train', acc, epoch); writer.close()",
    ),
    solution="""def train_and_log(log_dir, lr, epochs):
    torch.manual_seed(0)
    model = make_model()
    optimizer = optim.SGD(model.parameters(), lr=lr)
    writer = SummaryWriter(log_dir)
    for epoch in range(1, epochs + 1):
        loss, accuracy = train_one_epoch(model, small_train_loader, nn.CrossEntropyLoss(), optimizer)
        writer.add_scalar("loss/train", loss, epoch)          # the two logging lines
        writer.add_scalar("accuracy/train", accuracy, epoch)
    writer.close()

train_and_log("runs/ex3.4/lr-0.1", 0.1, 3)
train_and_log("runs/ex3.4/lr-0.01", 0.01, 3)
""",
    tests=(
        Test("one point per epoch for loss/train and accuracy/train", t34_logs),
        Test("at least two runs in runs/ex3.4", t34_two_runs),
    ),
)

# =========================================================================== 3.5 learning-rate comparison

RATES = (10.0, 0.1, 0.0001)
BLEW_UP = 3 * math.log(10)  # a loss 3x above guessing among 10 classes: the run has blown up


def _runs_35() -> dict[float, list[float]]:
    runs = {}
    for folder in Path("runs", "ex3.5").glob("lr-*"):
        try:
            rate = float(folder.name[3:])
        except ValueError:
            continue
        scalars = _read(folder)
        if "loss/train" in scalars:
            runs[rate] = [v for _, v in scalars["loss/train"]]
    return runs


def t35_runs(ns: Namespace) -> None:
    if ns.get("diverged") is Ellipsis or ns.get("crawled") is Ellipsis:
        raise NotImplementedError
    runs = _runs_35()
    missing = [r for r in RATES if r not in runs]
    if missing:
        raise CheckFailed(f"runs/ex3.5 has no run for lr {missing}: log each as runs/ex3.5/lr-<rate>")


def t35_diverged(ns: Namespace) -> None:
    runs = _runs_35()
    bad = [
        r for r, losses in runs.items() if not all(math.isfinite(v) for v in losses) or max(losses) > BLEW_UP
    ]
    answer = need(ns, "diverged")
    if bad and answer not in bad:
        curve = ", ".join(f"{v:.3g}" for v in runs[bad[0]])
        raise CheckFailed(f"your runs say lr {bad[0]} diverged (its loss: {curve}); you answered {answer}")
    if not bad:
        raise CheckFailed("none of your runs diverged: use SGD with the rates given")


def t35_crawled(ns: Namespace) -> None:
    runs = _runs_35()
    finite = {r: v for r, v in runs.items() if all(math.isfinite(x) for x in v)}
    slowest = min(finite, key=lambda r: (finite[r][0] - finite[r][-1]) / finite[r][0])
    answer = need(ns, "crawled")
    if answer != slowest:
        drop = (finite[slowest][0] - finite[slowest][-1]) / finite[slowest][0]
        raise CheckFailed(
            f"your runs say lr {slowest} crawled (its loss fell only {drop:.1%}); you answered {answer}"
        )


EX_3_5 = Exercise(
    id="3.5",
    lesson=LESSON,
    title="Comparing three learning rates",
    level="supported",
    concepts=("tensorboard-run-comparison", "tensorboard-summarywriter"),
    first_step="Log one run per learning rate with train_and_log into runs/ex3.5/lr-<rate>, then read the curves.",
    hints=(
        "Reuse train_and_log from 3.4: one folder per run, and TensorBoard overlays them.",
        "for lr in (10.0, 0.1, 0.0001): train_and_log(f'runs/ex3.5/lr-{lr}', lr, 3). Then look: which loss blew up, "
        "which barely moved?",
        "The largest rate overshoots (the loss jumps to thousands, or NaN); the smallest barely changes the weights.",
    ),
    solution="""for lr in (10.0, 0.1, 0.0001):
    train_and_log(f"runs/ex3.5/lr-{lr}", lr, 3)

diverged = 10.0    # its loss shot up to the thousands
crawled = 0.0001   # its loss hardly moved
""",
    tests=(
        Test("three runs logged", t35_runs),
        Test("which rate diverged", t35_diverged),
        Test("which rate crawled", t35_crawled),
    ),
)

# =========================================================================== 3.6 capstone


def _capstone_loaders() -> tuple[DataLoader, DataLoader]:
    from realdata.course.checks.lesson2 import _mnist_slice

    x, y = _mnist_slice(1024, train=True)
    xt, yt = _mnist_slice(512, train=False)
    g = torch.Generator().manual_seed(0)
    return (
        DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True, generator=g),
        DataLoader(TensorDataset(xt, yt), batch_size=256),
    )


def _watch_capstone(ns: Namespace):  # noqa: ANN202
    """Run the learner's train_capstone under the doctor's instruments (once per check run)."""
    from realdata.doctor.instrument import Recorder

    fn = need_callable(ns, "train_capstone")
    cached = ns.get("__capstone_record__")
    if cached is not None and cached[0] is fn:
        return cached[1]
    train_loader, test_loader = _capstone_loaders()
    torch.manual_seed(0)
    with Recorder() as rec:
        fn(train_loader, test_loader, 2)
    if isinstance(ns, dict):
        ns["__capstone_record__"] = (fn, rec)
    return rec


def _fires(ns: Namespace, *categories: str) -> str | None:
    """The first of the doctor's rules that fires on the learner's capstone run, judged by what it did."""
    from realdata.doctor.registry import all_rules

    recording = _watch_capstone(ns).recording
    for category in categories:
        if all_rules()[category](recording).state == "fire":
            return category
    return None


def t36_softmax(ns: Namespace) -> None:
    recording = _watch_capstone(ns).recording
    if not any(c.grad and c.kind in {"cross_entropy", "nll"} for c in recording.losses):
        raise CheckFailed(
            "train_capstone never computed a classification loss (cross-entropy or NLL) while training"
        )
    if _fires(ns, "softmax-before-cross-entropy"):
        raise CheckFailed("bug 1 is still there: probabilities, not logits, go into CrossEntropyLoss")


def t36_zero_grad(ns: Namespace) -> None:
    recording = _watch_capstone(ns).recording
    broken = _fires(ns, "missing-zero-grad", "missing-optimizer-step")
    if broken == "missing-zero-grad":
        raise CheckFailed(
            f"bug 2 is still there: gradients from earlier steps are still there when backward() runs "
            f"({recording.zero_grads} zero_grad() calls in {recording.steps} optimizer steps)"
        )
    if broken == "missing-optimizer-step":
        raise CheckFailed(
            "the weights never change: is zero_grad() between backward() and step()? It must come before backward()"
        )


def t36_eval(ns: Namespace) -> None:
    if _fires(ns, "missing-eval-mode"):
        raise CheckFailed("bug 3 is still there: dropout is on while the test set is evaluated")


def _capstone_starter() -> str:
    """The broken capstone, exactly as the exercise notebook's cell tagged exercise:3.6 holds it."""
    from importlib import resources

    source = (
        resources.files("realdata.course")
        .joinpath("lessons", "03-debugging-and-visualization-exercises.py")
        .read_text(encoding="utf-8")
    )
    cell = source.split('# %% tags=["exercise:3.6"]\n', 1)[1].split("\n# %%", 1)[0]
    return cell.strip() + "\n"


CAPSTONE_BROKEN = _capstone_starter()

CAPSTONE_FIXES = {
    "softmax": ("        nn.Linear(128, 10),\n        nn.Softmax(dim=1),\n", "        nn.Linear(128, 10),\n"),
    "zero_grad": (
        "            loss.backward()\n",
        "            optimizer.zero_grad()\n            loss.backward()\n",
    ),
    "eval": ("        correct = 0\n", "        model.eval()\n        correct = 0\n"),
}


def _fix(code: str, *which: str) -> str:
    for w in which:
        old, new = CAPSTONE_FIXES[w]
        code = code.replace(old, new)
    return code


EX_3_6 = Exercise(
    id="3.6",
    lesson=LESSON,
    title="Capstone: find the 3 bugs",
    level="independent",
    concepts=("debugging-checklist", "loss-down-not-working"),
    first_step="Run the broken cell and the checklist on it (or the doctor), then fix train_capstone in place.",
    hints=(
        "Work through the checklist: what goes into the loss? Are gradients cleared? How is the test set measured?",
        "One bug is in the model's last layer, one in the training step, one in the evaluation.",
        "Remove nn.Softmax from the model; call optimizer.zero_grad() before loss.backward(); call model.eval() "
        "before evaluating.",
    ),
    solution=_fix(CAPSTONE_BROKEN, "softmax", "zero_grad", "eval"),
    tests=(
        Test("bug 1: logits into CrossEntropyLoss", t36_softmax),
        Test("bug 2: gradients cleared every step", t36_zero_grad),
        Test("bug 3: evaluation in eval mode", t36_eval),
    ),
    graded_per_test=True,
)

EXERCISES = (EX_3_1, EX_3_2, EX_3_3, EX_3_4, EX_3_5, EX_3_6)

# =========================================================================== questions

QUESTIONS = (
    Question(
        "3.puzzle",
        LESSON,
        "Why does the puzzle's loss fall while its test accuracy stays near 10%?",
        None,
        "The images are blank (the mask `pixels > 255` is never true for 8-bit pixels), and 90% of the training "
        "labels are 1s. With nothing to see, the model learns the class prior: always answer 1. That brings the "
        "loss from 2.3 to about 0.5 and gives the accuracy of guessing.",
        ("loss-down-not-working",),
    ),
    Question(
        "3.check1.a",
        LESSON,
        "nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), "
        "nn.Linear(64, 10)) gets a batch of shape [32, 1, 28, 28]. What is the output shape of the first Linear?",
        None,
        "[32, 128]: the batch stays in front; Flatten made 784 features and the Linear maps them to 128.",
        ("torchinfo-summary",),
        accept=lambda g: list(g) == [32, 128] if isinstance(g, list | tuple) else False,
    ),
    Question(
        "3.check1.b",
        LESSON,
        "How many parameters does that model have?",
        109_386,
        "784*128 + 128 = 100,480; 128*64 + 64 = 8,256; 64*10 + 10 = 650; together 109,386.",
        ("torchinfo-summary",),
    ),
    Question(
        "3.check1.c",
        LESSON,
        "If the second Linear were nn.Linear(100, 64), which layer index in the Sequential would raise the error?",
        3,
        "Index 3, the second Linear: it expects 100 features and receives 128. torchinfo shows it before any training.",
        ("torchinfo-summary",),
    ),
    Question(
        "3.check2",
        LESSON,
        "A colleague's binary classifier is stuck at 52% accuracy. How would you use torchinfo, gradient checking "
        "and TensorBoard to find out why? (your own words)",
        None,
        "52% on two classes is chance: the model has learned nothing, or only the class prior. Phase 1: torchinfo "
        "to confirm the shapes and that the output has the right size. Phase 2: gradient norms on the first "
        "iteration: vanishing (tiny early layers) or exploding (huge/NaN) gradients. Phase 3: TensorBoard with loss "
        "AND accuracy, train and test: if the loss falls but accuracy stays at 52%, check the predictions (one class "
        "every time?), the labels and the inputs. Then diagnose by symptom.",
        (
            "debugging-checklist",
            "gradient-norms",
            "tensorboard-summarywriter",
            "loss-down-not-working",
            "smooth-loss-curve",
        ),
    ),
)
