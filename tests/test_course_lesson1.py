"""Lesson 1's exercises: the reference passes, the starter says what to do first, each
plausible mistake gets its own message, and a solution written differently passes."""

from __future__ import annotations

import pytest

from course_helpers import grade, starter_code
from realdata.course import registry


def first_failure(result) -> str:
    failure = result.first_failure
    assert failure is not None, f"expected a failure, got {result}"
    return failure.message


@pytest.mark.parametrize("exercise_id", [e.id for e in registry.exercises_of("datasets-and-dataloaders")])
def test_reference_solution_passes_public_and_hidden(exercise_id):
    result = grade(exercise_id, registry.exercise(exercise_id).solution)
    assert result.passed, str(result)
    assert result.hidden_run == bool(registry.exercise(exercise_id).hidden_tests)


@pytest.mark.parametrize("exercise_id", [e.id for e in registry.exercises_of("datasets-and-dataloaders")])
def test_untouched_starter_says_what_to_do_first(exercise_id):
    result = grade(exercise_id, starter_code(exercise_id))
    assert not result.passed
    assert result.not_started == registry.exercise(exercise_id).first_step
    assert "Not started yet. " + result.not_started in str(result)


# --------------------------------------------------------------------------- 1.1

SQUARES_OK = """
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x ** 2
    def __len__(self):
        return len(self.x){len_fix}
    def __getitem__(self, i):
        return {item}
"""


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            SQUARES_OK.format(len_fix=" - 1", item="self.x[i], self.y[i]"),
            "`__len__` returned 36 for SquaresDataset(37); it should return 37 (off by one?)",
        ),
        (
            SQUARES_OK.format(len_fix="", item="self.x[i, 0], self.y[i, 0]"),
            "x has shape [] but each sample should have shape [1] (a scalar",
        ),
        (
            SQUARES_OK.format(len_fix="", item="self.x[i].double(), self.y[i].double()"),
            "x is torch.float64; models use float32",
        ),
        (
            SQUARES_OK.format(len_fix="", item="self.x[i], 2 * self.x[i]"),
            "y should be x squared: for x=-1.00 you returned y=-2.0000",
        ),
        (
            SQUARES_OK.format(len_fix="", item="{'x': self.x[i], 'y': self.y[i]}"),
            "`__getitem__` returned a dict; return a tuple `(x, y)`",
        ),
        (
            "class SquaresDataset:\n    def __init__(self, n): pass",
            "`SquaresDataset` should be a class that subclasses torch.utils.data.Dataset",
        ),
    ],
    ids=["off-by-one", "scalar", "float64", "wrong-target", "dict", "not-a-dataset"],
)
def test_1_1_mistakes(code, message):
    assert message in first_failure(grade("1.1", code))


def test_1_1_computed_on_the_fly_passes():
    code = """
class SquaresDataset(Dataset):
    '''Nothing stored: each sample is computed when asked for.'''
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
    def __getitem__(self, index):
        x = -1.0 + 2.0 * index / max(self.n - 1, 1)
        return torch.tensor([x]), torch.tensor([x * x])
"""
    assert grade("1.1", code).passed


# --------------------------------------------------------------------------- 1.2

MNIST_OK = """
transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_set = datasets.MNIST(DATA_ROOT, train={train}, download=False, transform=transform)
test_set = datasets.MNIST(DATA_ROOT, train={test}, download=False, transform=transform)
train_loader = DataLoader(train_set, batch_size={bs}, shuffle={shuffle})
test_loader = DataLoader(test_set, batch_size=1000, shuffle={test_shuffle})
"""


def mnist(train="True", test="False", bs=64, shuffle="True", test_shuffle="False"):
    return MNIST_OK.format(train=train, test=test, bs=bs, shuffle=shuffle, test_shuffle=test_shuffle)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            mnist().replace(", transforms.Normalize((0.1307,), (0.3081,))", ""),
            "pixel values run from 0 to 1: add Normalize((0.1307,), (0.3081,)) after ToTensor()",
        ),
        (mnist(shuffle="False"), "train_loader does not shuffle: pass shuffle=True"),
        (mnist(train="False", test="True"), "train=True and train=False are swapped"),
        (mnist(bs=32), "a training batch has shape [32, 1, 28, 28]; with batch_size=64"),
        (mnist(test_shuffle="True"), "test_loader shuffles"),
        (
            mnist()
            + """
raw = datasets.MNIST(DATA_ROOT, train=True, download=False)
images = torch.stack([transform(raw[i][0]) for i in range(256)])
train_set = torch.utils.data.TensorDataset(images, raw.targets[:256])
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
""",
            "is a TensorDataset of tensors converted up front",
        ),
    ],
    ids=["no-normalize", "no-shuffle", "swapped", "batch-32", "test-shuffled", "upfront"],
)
def test_1_2_mistakes(code, message):
    assert message in first_failure(grade("1.2", code))


def test_1_2_written_differently_passes():
    code = """
to_float = transforms.Compose([
    transforms.PILToTensor(),                    # uint8 [1, 28, 28]
    transforms.ConvertImageDtype(torch.float32), # / 255
    transforms.Normalize(mean=[0.1307], std=[0.3081]),
])
transform = to_float
train_set, test_set = (datasets.MNIST(root=DATA_ROOT, train=flag, transform=to_float) for flag in (True, False))
train_loader = DataLoader(dataset=train_set, shuffle=True, batch_size=64)
test_loader = DataLoader(dataset=test_set, batch_size=256)
"""
    assert grade("1.2", code).passed


# --------------------------------------------------------------------------- 1.3

LOOP = """
def train_epoch(model, loader, loss_fn, optimizer):
    total = 0.0
    for x, y in {source}:
        loss = loss_fn(model(x), y)
        {zero}
        loss.backward()
        {step_inside}
        total += {add}
    {step_after}
    return {ret}
"""


def loop(
    source="loader",
    zero="optimizer.zero_grad()",
    step_inside="optimizer.step()",
    add="loss.item()",
    step_after="",
    ret="total / len(loader)",
):
    return LOOP.format(
        source=source, zero=zero, step_inside=step_inside, add=add, step_after=step_after, ret=ret
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            loop(source="zip(loader.dataset.x, loader.dataset.y)"),
            "37 optimizer steps for 37 samples: you stepped once per sample",
        ),
        (loop(zero="pass"), "gradients pile up from batch to batch: call optimizer.zero_grad()"),
        (loop(ret="loss.item()"), "you returned the last batch's loss"),
        (loop(add="loss"), "train_epoch returned a tensor"),
        (loop(step_inside="pass", step_after="optimizer.step()"), "one optimizer step for the whole epoch"),
        (loop(ret="total"), "you returned the sum of the batch losses"),
    ],
    ids=["per-sample", "no-zero-grad", "last-loss", "tensor", "step-outside", "sum"],
)
def test_1_3_mistakes(code, message):
    assert message in first_failure(grade("1.3", code))


def test_1_3_sample_weighted_mean_and_model_zero_grad_pass():
    code = """
def train_epoch(model, loader, loss_fn, optimizer):
    seen, running = 0, 0.0
    for batch_x, batch_y in loader:
        model.zero_grad()
        out = model(batch_x)
        batch_loss = loss_fn(out, batch_y)
        batch_loss.backward()
        optimizer.step()
        running += batch_loss.item() * batch_x.shape[0]
        seen += batch_x.shape[0]
    return running / seen
"""
    assert grade("1.3", code).passed


def test_a_crash_inside_learner_code_is_reported_not_raised():
    code = loop(add="undefined_name")
    message = first_failure(grade("1.3", code))
    assert message.startswith(
        "your code raised NameError: name 'undefined_name' is not defined (in train_epoch"
    )


# --------------------------------------------------------------------------- 1.4

BATCHES = """
def iterations_per_epoch(n, b):
    return {it}

def last_batch_size(n, b):
    return {last}

def count_updates(dataset, batch_size, epochs):
    {count}
"""
GOOD_COUNT = "return sum(1 for _ in range(epochs) for _ in DataLoader(dataset, batch_size=batch_size))"


def batches(it="math.ceil(n / b)", last="n % b or b", count=GOOD_COUNT):
    return BATCHES.format(it=it, last=last, count=count)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (batches(it="n // b"), "iterations_per_epoch(100, 8) returned 12: that drops the partial last batch"),
        (
            batches(it="round(n / b)"),
            "iterations_per_epoch(100, 8) returned 12: rounding to the nearest is not enough",
        ),
        (batches(it="n // b + 1"), "64 divides evenly into batches of 8, so there is no partial batch: 8"),
        (
            batches(last="n % b"),
            "last_batch_size(64, 8) returned 0; when 64 divides evenly the last batch is full (8)",
        ),
        (
            batches(count="return math.ceil(len(dataset) / batch_size) * epochs"),
            "count_updates did not read the dataset: build a DataLoader",
        ),
        (
            batches(it="n / b if n % b == 0 else math.ceil(n / b)"),
            "iterations_per_epoch(64, 8) returned 8.0; return an int",
        ),
    ],
    ids=["floor", "round", "plus-one", "last-zero", "arithmetic-count", "float"],
)
def test_1_4_mistakes(code, message):
    assert message in first_failure(grade("1.4", code))


def test_1_4_written_differently_passes():
    code = """
def iterations_per_epoch(n_samples, batch_size):
    return -(-n_samples // batch_size)

def last_batch_size(n_samples, batch_size):
    full, rest = divmod(n_samples, batch_size)
    return rest if rest else batch_size

def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    n = 0
    for _ in range(epochs):
        for _batch in loader:
            n += 1
    return n
"""
    assert grade("1.4", code).passed


# --------------------------------------------------------------------------- 1.5

CSV_OK = registry.exercise("1.5").solution


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            CSV_OK.replace(
                "header = next(reader)",
                "header = next(reader)\n            self.rows.append(([0.0] * (len(header) - 1), 0))",
            ),
            "`__len__` returned 101 for a 100-row file: is the header counted as a row?",
        ),
        (
            CSV_OK.replace("torch.tensor(label, dtype=torch.long)", "torch.tensor(float(label))"),
            "the label came back as a float; class labels are integers",
        ),
        (
            CSV_OK.replace(
                "torch.tensor(features, dtype=torch.float32)", "torch.tensor(features, dtype=torch.float64)"
            ),
            "the features are torch.float64; use torch.float32",
        ),
        (
            CSV_OK.replace("[float(v) for v in row[:-1]]", "[float(v) for v in row[:3]]"),
            "a file with 5 feature columns gave features [3]: don't hard-code the column count",
        ),
        (
            CSV_OK.replace("label = int(row[-1])", "label = int(row[3])"),
            "a file with 5 feature columns made your code raise ValueError",
        ),
        (
            """
class CSVDataset(Dataset):
    def __init__(self, path):
        header, *rows = list(csv.reader(open(path)))
        width = len(header)
        self.rows = [(int(r[width - 1]), [float(v) for v in r[:width - 1]]) for r in rows]
    def __len__(self):
        return len(self.rows)
    def __getitem__(self, i):
        label, features = self.rows[i]
        return torch.tensor(features), torch.tensor(label)
""",
            "a row with a missing field on line 4 raised IndexError: list index out of range. "
            "Raise a ValueError that names the line",
        ),
        (
            """
class CSVDataset(Dataset):
    def __init__(self, path):
        self.lines = open(path).read().splitlines()[1:]
    def __len__(self):
        return len(self.lines)
    def __getitem__(self, i):
        *xs, label = self.lines[i].split(",")
        return torch.tensor([float(v) for v in xs]), torch.tensor(int(label))
""",
            "a row with a missing field on line 4 raised no error: check each row",
        ),
    ],
    ids=[
        "header-counted",
        "float-label",
        "float64",
        "hard-coded-width",
        "hard-coded-label",
        "index-error",
        "no-line-number",
    ],
)
def test_1_5_mistakes(code, message):
    assert message in first_failure(grade("1.5", code))


def test_1_5_lazy_parsing_written_differently_passes():
    code = """
class CSVDataset(Dataset):
    '''Keeps the text lines; parses one row when it is asked for.'''
    def __init__(self, path):
        with open(path) as f:
            lines = [line for line in f.read().splitlines()]
        self.width = len(lines[0].split(","))
        self.lines = [(n, line) for n, line in enumerate(lines[1:], start=2) if line.strip()]
    def __len__(self):
        return len(self.lines)
    def __getitem__(self, index):
        line_no, line = self.lines[index]
        fields = next(csv.reader([line]))
        if len(fields) != self.width:
            raise ValueError(f"line {line_no} has {len(fields)} fields, expected {self.width}")
        try:
            values = [float(v) for v in fields]
        except ValueError:
            raise ValueError(f"line {line_no}: not a number in {fields}")
        return torch.tensor(values[:-1]), torch.tensor(int(values[-1]))
"""
    assert grade("1.5", code).passed
