"""Lesson 2 (mnist-project): the six project steps and the predict-and-verify questions.

The checks know the classic mistakes of a first classifier and name them:
softmax before CrossEntropyLoss, a ReLU on the output layer, forgetting
``model.eval()``, accuracy over the wrong dimension, a missing
``optimizer.zero_grad()``, a shuffled test set, evaluating on the training set.
Each check trains or evaluates on its own small, seeded slice of MNIST.
"""

from __future__ import annotations

import math
from functools import cache

import matplotlib.colors as mcolors
import torch
from torch import nn
from torch.utils.data import DataLoader, RandomSampler, SequentialSampler, TensorDataset

from realdata.course.checks._helpers import close, need, need_callable, shape
from realdata.course.model import CheckFailed, Exercise, Namespace, Question, Test

LESSON = "mnist-project"


@cache
def _mnist_slice(n: int = 512, train: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """The first ``n`` normalised images [n, 1, 28, 28] and labels [n] of a split."""
    from realdata.data.loaders import mnist_datasets, normalize_uint8
    from realdata.data.mnist import default_root

    train_set, test_set = mnist_datasets(default_root())
    ds = train_set if train else test_set
    return normalize_uint8(ds.data[:n]), ds.targets[:n].clone()


def _loader(n: int = 512, batch_size: int = 64, train: bool = True, shuffle: bool = False) -> DataLoader:
    x, y = _mnist_slice(n, train)
    return DataLoader(
        TensorDataset(x, y),
        batch_size=batch_size,
        shuffle=shuffle,
        generator=torch.Generator().manual_seed(0),
    )


def _reference_model(seed: int = 0) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(
        nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)
    )


# =========================================================================== 2.1 load MNIST


def t21_defined(ns: Namespace) -> None:
    for name in ("train_loader", "test_loader"):
        if ns.get(name) is Ellipsis:
            raise NotImplementedError
        if not isinstance(need(ns, name), DataLoader):
            raise CheckFailed(f"`{name}` should be a DataLoader, not a {type(ns[name]).__name__}")


def t21_sizes(ns: Namespace) -> None:
    train, test = ns["train_loader"], ns["test_loader"]
    if len(train.dataset) == 10_000 and len(test.dataset) == 60_000:
        raise CheckFailed("train_loader holds 10,000 images and test_loader 60,000: the splits are swapped")
    if len(train.dataset) != 60_000 or len(test.dataset) != 10_000:
        raise CheckFailed(
            f"train_loader holds {len(train.dataset)} images and test_loader {len(test.dataset)}; "
            "MNIST has 60,000 training and 10,000 test images"
        )


def t21_batches(ns: Namespace) -> None:
    images, labels = next(iter(ns["train_loader"]))
    if tuple(images.shape) != (64, 1, 28, 28):
        raise CheckFailed(
            f"a training batch has shape {shape(images)}; expected [64, 1, 28, 28] (batch_size=64)"
        )
    if images.dtype != torch.float32 or labels.dtype != torch.int64:
        raise CheckFailed(f"images should be float32 and labels int64; got {images.dtype} and {labels.dtype}")
    if images.min() >= 0:
        raise CheckFailed("pixel values are all >= 0: normalise with Normalize((0.1307,), (0.3081,))")


def t21_shuffling(ns: Namespace) -> None:
    if not isinstance(ns["train_loader"].sampler, RandomSampler):
        raise CheckFailed(
            "train_loader does not shuffle: shuffle=True, so each epoch sees a new random order"
        )
    if not isinstance(ns["test_loader"].sampler, SequentialSampler):
        raise CheckFailed(
            "test_loader shuffles. Evaluation only measures; shuffling the test set changes nothing but "
            "makes results harder to compare: shuffle=False"
        )


EX_2_1 = Exercise(
    id="2.1",
    lesson=LESSON,
    title="Step 1: load MNIST",
    level="guided",
    concepts=("evaluation-loop",),
    first_step="Build the transform, then train_loader and test_loader from datasets.MNIST(DATA_ROOT, ...).",
    hints=(
        "You did this in lesson 1: a transform, two datasets, two DataLoaders.",
        "The training loader shuffles with batch_size=64; the test loader does not shuffle.",
        "DataLoader(datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform), batch_size=64, "
        "shuffle=True), and the same with train=False, shuffle=False for the test set.",
    ),
    solution="""transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_set = datasets.MNIST(DATA_ROOT, train=True, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train=False, download=False, transform=transform)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)
""",
    tests=(
        Test("train_loader and test_loader are DataLoaders", t21_defined),
        Test("60,000 training and 10,000 test images", t21_sizes),
        Test("batches of [64, 1, 28, 28], normalised", t21_batches),
        Test("shuffle the training data, not the test data", t21_shuffling),
    ),
)

# =========================================================================== 2.2 the simple model


def _output_activation(model: nn.Module) -> str | None:
    """The name of the activation applied after the last Linear, if any (by behaviour)."""
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if not linears:
        return None
    seen = {}

    def hook(_m, _i, out):  # noqa: ANN001, ANN202
        seen["last_linear"] = out.detach()

    handle = linears[-1].register_forward_hook(hook)
    try:
        model.eval()
        with torch.no_grad():
            out = model(_mnist_slice(16, train=False)[0])
    finally:
        handle.remove()
    raw = seen["last_linear"]
    if torch.allclose(out, raw, atol=1e-6):
        return None
    if torch.allclose(out, torch.relu(raw), atol=1e-6):
        return "ReLU"
    if torch.allclose(out, torch.softmax(raw, dim=1), atol=1e-5):
        return "softmax"
    if torch.allclose(out, torch.log_softmax(raw, dim=1), atol=1e-5):
        return "log_softmax"
    if torch.allclose(out, torch.sigmoid(raw), atol=1e-6):
        return "sigmoid"
    return "something"


def t22_model(ns: Namespace) -> None:
    model = need(ns, "model")
    if model is Ellipsis:
        raise NotImplementedError
    if not isinstance(model, nn.Module):
        raise CheckFailed(f"`model` should be an nn.Module instance (did you forget the ()?), not {model!r}")


def t22_shapes(ns: Namespace) -> None:
    model = ns["model"]
    try:
        with torch.no_grad():
            out = model.eval()(torch.zeros(5, 1, 28, 28))
    except RuntimeError as exc:
        if "mat1 and mat2" in str(exc) and "28" in str(exc):
            raise CheckFailed(
                f"a [5, 1, 28, 28] batch does not go through: {exc}. The first Linear needs [B, 784]: start with nn.Flatten()"
            ) from None
        raise CheckFailed(f"a [5, 1, 28, 28] batch does not go through the model: {exc}") from None
    if tuple(out.shape) != (5, 10):
        raise CheckFailed(
            f"the model turns [5, 1, 28, 28] into {shape(out)}; it should give [5, 10], one logit per class"
        )


def t22_architecture(ns: Namespace) -> None:
    model = ns["model"]
    sizes = [(m.in_features, m.out_features) for m in model.modules() if isinstance(m, nn.Linear)]
    if sizes != [(784, 256), (256, 128), (128, 10)]:
        raise CheckFailed(f"the Linear layers are {sizes}; the lesson's model is 784 -> 256 -> 128 -> 10")
    # Without an activation between them, the layers collapse into one linear map: f(a + b) - f(b) = f(a) - f(0).
    g = torch.Generator().manual_seed(0)
    a, b = torch.randn(4, 1, 28, 28, generator=g), torch.randn(4, 1, 28, 28, generator=g)
    zero = torch.zeros(4, 1, 28, 28)
    model.eval()
    with torch.no_grad():
        affine = torch.allclose(model(a + b) - model(b), model(a) - model(zero), atol=1e-4)
    if affine:
        raise CheckFailed(
            "no ReLU between the layers: without it, three Linear layers are just one linear map"
        )


def t22_params(ns: Namespace) -> None:
    n = sum(p.numel() for p in ns["model"].parameters() if p.requires_grad)
    if n != 235_146:
        raise CheckFailed(
            f"the model has {n:,} trainable parameters; 784*256+256 + 256*128+128 + 128*10+10 = 235,146"
        )


def t22_logits(ns: Namespace) -> None:
    act = _output_activation(ns["model"])
    if act == "ReLU":
        raise CheckFailed(
            "the output layer is followed by a ReLU: logits must be free to go negative. Remove the last ReLU"
        )
    if act in {"softmax", "log_softmax", "sigmoid"}:
        raise CheckFailed(
            f"the model ends with {act}: return raw logits. nn.CrossEntropyLoss applies log-softmax itself"
        )
    if act is not None:
        raise CheckFailed("the output is not the last Linear layer's raw output: no activation on the output")


EX_2_2 = Exercise(
    id="2.2",
    lesson=LESSON,
    title="Step 2: the simple model",
    level="guided",
    concepts=("nn-flatten", "logits", "classification-vs-regression"),
    first_step="Replace `model = ...` with nn.Sequential(nn.Flatten(), nn.Linear(784, 256), ...).",
    hints=(
        "Four pieces: Flatten, then Linear-ReLU, Linear-ReLU, and a last Linear with 10 outputs.",
        "The last layer gives logits: no ReLU and no softmax after it.",
        "nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))",
    ),
    solution="""model = nn.Sequential(
    nn.Flatten(),            # [B, 1, 28, 28] -> [B, 784]
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),
    nn.ReLU(),
    nn.Linear(128, 10),      # logits: no activation
)
""",
    tests=(
        Test("`model` is an nn.Module", t22_model),
        Test("[B, 1, 28, 28] in, [B, 10] out", t22_shapes),
        Test("784 -> 256 -> 128 -> 10 with ReLU", t22_architecture),
        Test("235,146 parameters", t22_params),
        Test("raw logits: no activation on the output", t22_logits),
    ),
)

# =========================================================================== 2.3 training loop


WRONG_DIM = (
    "accuracy over the wrong dimension: torch.argmax(outputs, dim=0) picks a sample per class. Use dim=1, "
    "the class dimension of the [B, 10] outputs"
)


def _call(fn, *args):  # noqa: ANN001, ANN002, ANN202
    """Call the learner's function, naming the wrong-dimension argmax when it breaks broadcasting."""
    try:
        return fn(*args)
    except RuntimeError as exc:
        if "must match the size of tensor" in str(exc) and "(10)" in str(exc):
            raise CheckFailed(WRONG_DIM) from None
        raise


def _run_train(ns: Namespace, model, loader, lr=1e-3, optimizer_cls=torch.optim.Adam):  # noqa: ANN001, ANN202
    fn = need_callable(ns, "train_one_epoch")
    optimizer = optimizer_cls(model.parameters(), lr=lr)
    result = _call(fn, model, loader, nn.CrossEntropyLoss(), optimizer)
    return result, optimizer


def _reference_epoch(model, loader, lr, *, softmax=False, zero_grad=True, dim=1):  # noqa: ANN001, ANN202
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    total, correct, seen = 0.0, 0, 0
    for x, y in loader:
        out = model(x)
        loss = loss_fn(torch.softmax(out, dim=1) if softmax else out, y)
        if zero_grad:
            optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(y)
        correct += (torch.argmax(out, dim=1) == y).sum().item()
        seen += len(y)
    return total / seen, correct / seen


def _same_params(a: nn.Module, b: nn.Module) -> bool:
    return all(torch.allclose(p, q, atol=1e-5) for p, q in zip(a.parameters(), b.parameters(), strict=True))


def t23_returns(ns: Namespace) -> None:
    torch.manual_seed(0)
    result, _ = _run_train(ns, _reference_model(), _loader(128))
    if not (isinstance(result, tuple | list) and len(result) == 2):
        raise CheckFailed(f"train_one_epoch should return (mean loss, accuracy); it returned {result!r}")
    if any(isinstance(v, torch.Tensor) for v in result):
        raise CheckFailed("train_one_epoch returned tensors; return plain numbers (.item())")


def t23_matches_reference(ns: Namespace) -> None:
    """Same start, same batches, SGD: the learner's epoch must end with the standard loop's weights."""
    loader = _loader(256)
    mine, ref, soft, acc = (_reference_model(3) for _ in range(4))
    _run_train(ns, mine, loader, lr=0.05, optimizer_cls=torch.optim.SGD)
    _reference_epoch(ref, loader, 0.05)
    if _same_params(mine, ref):
        return
    _reference_epoch(soft, loader, 0.05, softmax=True)
    if _same_params(mine, soft):
        raise CheckFailed(
            "softmax before CrossEntropyLoss: the loss applies log-softmax itself, so a second softmax squashes "
            "the gradients and learning crawls. Pass the raw outputs (logits) to the loss"
        )
    _reference_epoch(acc, loader, 0.05, zero_grad=False)
    if _same_params(mine, acc):
        raise CheckFailed(
            "gradients add up across steps: call optimizer.zero_grad() every step, before backward()"
        )
    raise CheckFailed(
        "after one epoch the weights differ from the standard loop's (forward, loss, zero_grad, backward, step, "
        "once per batch)"
    )


def t23_metrics(ns: Namespace) -> None:
    loader = _loader(256)
    mine, ref = _reference_model(4), _reference_model(4)
    (loss, accuracy), _ = _run_train(ns, mine, loader, lr=0.05, optimizer_cls=torch.optim.SGD)
    ref_loss, ref_acc = _reference_epoch(ref, loader, 0.05)
    if accuracy > 1 and close(accuracy / 100, ref_acc, 1e-4):
        raise CheckFailed(
            f"accuracy {accuracy:.2f} looks like a percentage; return a fraction between 0 and 1"
        )
    if not close(accuracy, ref_acc, 1e-4):
        if not 0 <= accuracy <= 1:
            raise CheckFailed(
                f"accuracy came out as {accuracy:.3f}, outside [0, 1]. Compare torch.argmax(outputs, dim=1) with the "
                "labels (dim=1 is the class dimension; dim=0 is the batch)"
            )
        raise CheckFailed(
            f"accuracy {accuracy:.4f}, expected {ref_acc:.4f}: count torch.argmax(outputs, dim=1) == labels over "
            "all samples and divide by the number of samples"
        )
    # A plain mean of the batch losses differs a little from the sample-weighted mean; both are fine.
    if abs(loss - ref_loss) > 0.05:
        raise CheckFailed(
            f"mean loss {loss:.4f}, expected about {ref_loss:.4f}: average loss.item() over the epoch"
        )


def t23_learns(ns: Namespace) -> None:
    torch.manual_seed(0)
    model = _reference_model(5)
    loader = _loader(512, shuffle=True)
    fn = need_callable(ns, "train_one_epoch")
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    before = [p.detach().clone() for p in model.parameters()]
    losses = [_call(fn, model, loader, nn.CrossEntropyLoss(), optimizer)[0] for _ in range(3)]
    if all(torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True)):
        raise CheckFailed("the parameters did not change: call optimizer.step() after loss.backward()")
    if not losses[-1] < losses[0] * 0.7:
        raise CheckFailed(
            f"on 512 images the loss went {losses[0]:.3f} -> {losses[-1]:.3f} in 3 epochs; it should fall"
        )


EX_2_3 = Exercise(
    id="2.3",
    lesson=LESSON,
    title="Step 3: the training loop",
    level="supported",
    concepts=("nn-crossentropyloss", "accuracy", "argmax-predictions", "train-eval-modes"),
    first_step="Write the loop: `for images, labels in loader:` with forward, loss, zero_grad, backward, step.",
    hints=(
        "Same heartbeat as lesson 1, plus counting correct predictions.",
        "The loss takes the raw outputs: loss_fn(outputs, labels). Predictions are torch.argmax(outputs, dim=1).",
        "Keep total_loss += loss.item() * len(labels), correct += (torch.argmax(outputs, dim=1) == labels).sum().item(), "
        "seen += len(labels); return total_loss / seen, correct / seen. Start with model.train().",
    ),
    solution="""def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    total_loss, correct, seen = 0.0, 0, 0
    for images, labels in loader:
        outputs = model(images)                 # logits [B, 10]
        loss = loss_fn(outputs, labels)         # raw logits + class indices
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(labels)
        correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
        seen += len(labels)
    return total_loss / seen, correct / seen
""",
    tests=(
        Test("returns (mean loss, accuracy) as numbers", t23_returns),
        Test("one epoch matches the standard loop step for step", t23_matches_reference),
        Test("loss and accuracy over the whole epoch", t23_metrics),
        Test("the loss falls on a seeded subset and the parameters change", t23_learns),
    ),
)

# =========================================================================== 2.4 evaluation


class _Probe(nn.Module):
    """A dropout model that records the mode and grad state of each forward call."""

    def __init__(self) -> None:
        super().__init__()
        torch.manual_seed(7)
        self.net = nn.Sequential(
            nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 10)
        )
        self.calls: list[tuple[bool, bool]] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.calls.append((self.training, torch.is_grad_enabled()))
        return self.net(x)


def _reference_eval(model: nn.Module, loader: DataLoader) -> tuple[float, float]:
    """The reference evaluation: realdata's own ``evaluate`` (the lesson's idiom)."""
    from realdata.training.loop import evaluate

    return evaluate(model, loader, nn.CrossEntropyLoss())


def t24_eval_mode(ns: Namespace) -> None:
    fn = need_callable(ns, "evaluate")
    probe = _Probe().train()
    loader = _loader(200, batch_size=50, train=False)
    first = _call(fn, probe, loader, nn.CrossEntropyLoss())
    if not probe.calls:
        raise CheckFailed("evaluate never ran the model on the loader's batches")
    if any(training for training, _ in probe.calls):
        second = fn(probe, loader, nn.CrossEntropyLoss())
        seen = f" (here: {first[1]:.3f}, then {second[1]:.3f})" if first != second else ""
        raise CheckFailed(
            "the model was still in training mode: call model.eval() first, or dropout stays on and the same "
            f"test set gives a different score each time{seen}"
        )


def t24_no_grad(ns: Namespace) -> None:
    probe = _Probe()
    ns["evaluate"](probe, _loader(100, batch_size=50, train=False), nn.CrossEntropyLoss())
    if any(grad for _, grad in probe.calls):
        raise CheckFailed("evaluation built an autograd graph: wrap the loop in `with torch.no_grad():`")


def t24_values(ns: Namespace) -> None:
    loader = _loader(300, batch_size=64, train=False)
    model = _reference_model(8)
    result = _call(ns["evaluate"], model, loader, nn.CrossEntropyLoss())
    if not (isinstance(result, tuple | list) and len(result) == 2):
        raise CheckFailed(f"evaluate should return (mean loss, accuracy); it returned {result!r}")
    loss, accuracy = (float(v) for v in result)
    ref_loss, ref_acc = _reference_eval(model, loader)
    if not close(accuracy, ref_acc, 1e-4):
        if accuracy > 1:
            raise CheckFailed(
                f"accuracy came out as {accuracy:.3f}, above 1: take torch.argmax(outputs, dim=1) (the class dimension), "
                "not dim=0, and divide by the number of samples"
            )
        raise CheckFailed(f"accuracy {accuracy:.4f}, expected {ref_acc:.4f} on the checker's 300 test images")
    if abs(loss - ref_loss) > 0.02:
        raise CheckFailed(f"mean loss {loss:.4f}, expected {ref_loss:.4f}")


def t24_test_set(ns: Namespace) -> None:
    for name in ("test_loss", "test_accuracy"):
        if ns.get(name) is Ellipsis:
            raise NotImplementedError
        need(ns, name, what=" (evaluate your trained model on test_loader)")
    model = need(ns, "model")
    expected_test = _reference_eval(model, need(ns, "test_loader"))[1]
    got = float(ns["test_accuracy"])
    if close(got, expected_test, 1e-4):
        return
    train_like = _reference_eval(model, _loader(2000, batch_size=500, train=True))[1]
    if got > expected_test + 0.002 and abs(got - train_like) < 0.01:
        raise CheckFailed(
            f"test_accuracy is {got:.4f}, but the model scores {expected_test:.4f} on test_loader: it looks like the "
            "training set was evaluated. Pass test_loader to evaluate"
        )
    raise CheckFailed(
        f"test_accuracy is {got:.4f}, but the model scores {expected_test:.4f} on test_loader now"
    )


EX_2_4 = Exercise(
    id="2.4",
    lesson=LESSON,
    title="Step 4: evaluation",
    level="supported",
    concepts=("evaluation-loop", "train-eval-modes", "accuracy"),
    first_step="Write evaluate: model.eval(), then the loop inside `with torch.no_grad():`, no optimizer at all.",
    hints=(
        "Three differences from training: model.eval(), torch.no_grad(), and no zero_grad/backward/step.",
        "Inside no_grad: outputs = model(images); add up loss.item() * len(labels) and the correct argmax predictions.",
        "def evaluate(model, loader, loss_fn): model.eval(); with torch.no_grad(): for images, labels in loader: ...; "
        "return total_loss / seen, correct / seen. Then test_loss, test_accuracy = evaluate(model, test_loader, loss_fn).",
    ),
    solution="""def evaluate(model, loader, loss_fn):
    model.eval()                            # dropout off, batch norm uses running averages
    total_loss, correct, seen = 0.0, 0, 0
    with torch.no_grad():                   # no graph: faster, less memory
        for images, labels in loader:
            outputs = model(images)
            total_loss += loss_fn(outputs, labels).item() * len(labels)
            correct += (torch.argmax(outputs, dim=1) == labels).sum().item()
            seen += len(labels)
    return total_loss / seen, correct / seen

test_loss, test_accuracy = evaluate(model, test_loader, nn.CrossEntropyLoss())
""",
    tests=(
        Test("model.eval(): dropout off, the same score every time", t24_eval_mode),
        Test("torch.no_grad(): no autograd graph", t24_no_grad),
        Test("loss and accuracy match a reference evaluation", t24_values),
        Test("test_accuracy is measured on the test set", t24_test_set),
    ),
)

# =========================================================================== 2.5 visualisation


class _Fixed(nn.Module):
    """Predicts class ``i % 10`` for the i-th image it sees, confidently."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = torch.full((len(x), 10), -3.0)
        out[torch.arange(len(x)), torch.arange(len(x)) % 10] = 3.0
        return out


def _is(color, name: str) -> bool:  # noqa: ANN001
    """Whether ``color`` reads as green or red: any shade counts ('g', 'tab:green', '#2ca02c')."""
    try:
        h, s, v = mcolors.rgb_to_hsv(mcolors.to_rgb(color))
    except ValueError:
        return False
    if s < 0.3 or v < 0.2:
        return False  # grey, black or white is neither
    return 0.2 <= h <= 0.45 if name == "green" else h <= 0.05 or h >= 0.95


def t25_figure(ns: Namespace) -> None:
    from matplotlib.figure import Figure

    fn = need_callable(ns, "show_predictions")
    images, labels = _mnist_slice(12, train=False)
    labels = labels.clone()
    labels[:6] = torch.arange(6)  # the first 6 are right (prediction i), the rest mostly wrong
    labels[6:] = (torch.arange(6, 12) + 1) % 10
    fig = fn(_Fixed(), images, labels)
    if not isinstance(fig, Figure):
        raise CheckFailed(
            f"show_predictions should return the matplotlib Figure (e.g. `return fig`), not {fig!r}"
        )
    panels = [ax for ax in fig.axes if ax.images]
    if len(panels) != 12:
        raise CheckFailed(f"12 images should give 12 panels with an image each; the figure has {len(panels)}")
    for i, ax in enumerate(panels):
        right = i < 6
        color = ax.title.get_color()
        if not ax.get_title():
            raise CheckFailed(f"panel {i} has no title: show the prediction and its confidence")
        if right and not _is(color, "green"):
            raise CheckFailed(f"panel {i} is a correct prediction but its title is not green")
        if not right and not _is(color, "red"):
            raise CheckFailed(f"panel {i} is a wrong prediction but its title is not red")
    if "%" not in panels[0].get_title() and "0." not in panels[0].get_title():
        raise CheckFailed(
            "the titles should include the confidence (the softmax probability of the prediction)"
        )


EX_2_5 = Exercise(
    id="2.5",
    lesson=LESSON,
    title="Step 5: visualise predictions",
    level="supported",
    concepts=("argmax-predictions", "softmax"),
    first_step="Write show_predictions(model, images, labels): one panel per image, title in green or red.",
    hints=(
        "Run the model in eval mode without gradients, then softmax the logits to get confidences.",
        "probs = torch.softmax(logits, dim=1); confidence, predicted = probs.max(dim=1). "
        "fig, axes = plt.subplots(...); one imshow per axis.",
        "ax.set_title(f'{pred} ({conf:.0%})', color='green' if pred == label else 'red'); return fig.",
    ),
    solution="""def show_predictions(model, images, labels):
    model.eval()
    with torch.no_grad():
        probs = torch.softmax(model(images), dim=1)      # only for display
    confidence, predicted = probs.max(dim=1)
    cols = 6
    rows = math.ceil(len(images) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(2 * cols, 2.2 * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, image, label, pred, conf in zip(axes.flat, images, labels, predicted, confidence):
        ax.imshow((image[0] * 0.3081 + 0.1307).numpy(), cmap="gray")  # undo Normalize to show pixels
        ok = int(pred) == int(label)
        ax.set_title(f"{int(pred)} ({conf:.0%})", color="green" if ok else "red")
    return fig
""",
    tests=(Test("one panel per image, green when right, red when wrong, with confidence", t25_figure),),
)

# =========================================================================== 2.6 improved model


def t26_architecture(ns: Namespace) -> None:
    model = need(ns, "improved_model")
    if model is Ellipsis:
        raise NotImplementedError
    if not isinstance(model, nn.Module):
        raise CheckFailed("`improved_model` should be an nn.Module instance")
    kinds = [type(m).__name__ for m in model.modules() if not list(m.children())]
    kinds = [k for k in kinds if k != "Flatten"]
    expected = ["Linear", "BatchNorm1d", "ReLU", "Dropout"] * 2 + ["Linear"]
    if kinds == expected:
        drops = [m.p for m in model.modules() if isinstance(m, nn.Dropout)]
        if drops != [0.3, 0.3]:
            raise CheckFailed(f"dropout rates {drops}; the lesson uses nn.Dropout(0.3) in each hidden layer")
        return
    if kinds[-1] != "Linear":
        raise CheckFailed(f"the last layer is {kinds[-1]}: the output layer is a plain Linear (logits)")
    hidden = kinds[:-1]
    for i in range(0, len(hidden), 4):
        group = hidden[i : i + 4]
        if sorted(group) == sorted(["Linear", "BatchNorm1d", "ReLU", "Dropout"]) and group != expected[:4]:
            raise CheckFailed(
                f"a hidden layer runs {' -> '.join(group)}; the order is Linear -> BatchNorm1d -> ReLU -> Dropout"
            )
    raise CheckFailed(f"the layers are {' -> '.join(kinds)}; expected {' -> '.join(expected)}")


def t26_optimizer(ns: Namespace) -> None:
    opt = need(ns, "improved_optimizer")
    if opt is Ellipsis:
        raise NotImplementedError
    if not isinstance(opt, torch.optim.Optimizer):
        raise CheckFailed("`improved_optimizer` should be a torch.optim optimizer")
    params = {id(p) for g in opt.param_groups for p in g["params"]}
    if params != {id(p) for p in ns["improved_model"].parameters()}:
        raise CheckFailed("improved_optimizer does not hold improved_model's parameters")
    decay = opt.param_groups[0].get("weight_decay", 0)
    if not decay:
        raise CheckFailed(
            "no weight decay: optim.Adam(improved_model.parameters(), lr=1e-3, weight_decay=1e-4)"
        )
    if not math.isclose(decay, 1e-4):
        raise CheckFailed(f"weight_decay={decay}; the lesson uses 1e-4")


def t26_accuracy(ns: Namespace) -> None:
    model = ns["improved_model"]
    from realdata.data.loaders import make_loaders
    from realdata.data.mnist import default_root

    _, accuracy = _reference_eval(model, make_loaders(default_root(), pipeline="fast").test)
    if accuracy < 0.975:
        raise CheckFailed(
            f"improved_model scores {accuracy:.2%} on the 10,000 test images; train it until it reaches 97.5% "
            "(5 epochs of the training cell should do it)"
        )


EX_2_6 = Exercise(
    id="2.6",
    lesson=LESSON,
    title="Step 6: the improved model",
    level="independent",
    concepts=("nn-batchnorm1d", "nn-dropout", "weight-decay", "layer-ordering", "train-eval-modes"),
    first_step="Build improved_model: each hidden layer Linear -> BatchNorm1d -> ReLU -> Dropout(0.3).",
    hints=(
        "Same sizes as the simple model; each hidden layer gets batch norm and dropout; the output stays a plain Linear.",
        "nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.3), then the same for 256 -> 128.",
        "improved_optimizer = optim.Adam(improved_model.parameters(), lr=1e-3, weight_decay=1e-4); then run the "
        "training cell (it uses your train_one_epoch and evaluate).",
    ),
    solution="""improved_model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.3),
    nn.Linear(256, 128), nn.BatchNorm1d(128), nn.ReLU(), nn.Dropout(0.3),
    nn.Linear(128, 10),                                  # output: no BN, no ReLU, no dropout
)
improved_optimizer = optim.Adam(improved_model.parameters(), lr=1e-3, weight_decay=1e-4)
""",
    tests=(
        Test("Linear -> BatchNorm1d -> ReLU -> Dropout(0.3), plain Linear output", t26_architecture),
        Test("Adam with weight_decay=1e-4", t26_optimizer),
        Test("reaches 97.5% test accuracy", t26_accuracy),
    ),
)

EXERCISES = (EX_2_1, EX_2_2, EX_2_3, EX_2_4, EX_2_5, EX_2_6)

# =========================================================================== questions

_LOGITS = torch.tensor([2.0, -1.0, 0.5])
_CHECK1_LOSS = nn.functional.cross_entropy(_LOGITS.unsqueeze(0), torch.tensor([2])).item()


def _is_high(given) -> bool:  # noqa: ANN001
    return isinstance(given, str) and given.strip().lower() in {"high", "large", "big"}


QUESTIONS = (
    Question(
        "2.check1.a",
        LESSON,
        "A 3-class model outputs logits [2.0, -1.0, 0.5] and the true class is 2. Which class does it predict?",
        0,
        "Class 0: argmax picks the largest logit (2.0). Softmax keeps the order, so you never need it to predict.",
        ("argmax-predictions", "logits"),
    ),
    Question(
        "2.check1.b",
        LESSON,
        "Is that prediction correct? (True or False)",
        False,
        "No: it predicts 0 and the answer is 2.",
        ("accuracy",),
    ),
    Question(
        "2.check1.c",
        LESSON,
        "Is the cross-entropy loss high or low? ('high' or 'low')",
        "high",
        f"High: softmax gives class 2 a probability of {math.exp(-_CHECK1_LOSS):.2f}, so the loss is "
        f"-log({math.exp(-_CHECK1_LOSS):.2f}) = {_CHECK1_LOSS:.2f}; a confident right answer would cost about 0.05.",
        ("cross-entropy", "softmax", "nn-crossentropyloss"),
        accept=_is_high,
    ),
    Question(
        "2.check2",
        LESSON,
        "A friend's MNIST model reaches 99.2% training accuracy and 96.8% test accuracy, and the gap grows every "
        "epoch. What is happening, and what would you change? (your own words)",
        None,
        "The scissors are opening: the model is memorising the training set (overfitting). Regularise it: dropout "
        "(nn.Dropout(0.3)) and batch norm in the hidden layers, weight_decay=1e-4 in the optimizer, and watch the "
        "test accuracy, not the training accuracy; stop when the test accuracy stops improving.",
        ("nn-dropout", "weight-decay", "nn-batchnorm1d"),
    ),
)
