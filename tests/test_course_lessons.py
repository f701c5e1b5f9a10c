"""Every lesson notebook runs top to bottom, offline, and says only what its code prints."""

from __future__ import annotations

import ast
import re
import time

import nbformat
import pytest
from nbclient import NotebookClient

from realdata.course import registry
from realdata.course.workspace import build_notebook, notebook_names

pytestmark = pytest.mark.slow


def run_lesson(source: str, workdir) -> tuple[str, list, float]:
    nb = build_notebook(source)
    start = time.monotonic()
    NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        resources={"metadata": {"path": str(workdir)}},
    ).execute()
    elapsed = time.monotonic() - start
    text, images = [], []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                text.append(out.text)
            elif "image/png" in out.get("data", {}):
                images.append(out)
    return "".join(text), images, elapsed


def test_lesson_1_runs_and_its_numbers_are_the_codes(tmp_path, monkeypatch):
    monkeypatch.setenv("REALDATA_NO_PROGRESS", "1")
    text, images, elapsed = run_lesson(registry.lesson(1).lesson_source, tmp_path)
    assert elapsed < 180

    # "Thirteen iterations: twelve full batches of 8 ... the 4 left over"
    assert "iterations per epoch: 13 = 13" in text
    assert "full batches: 12, last batch: 4 samples" in text
    assert "ceil(100 / 8) = 13" in text
    # "after one epoch the sorted run's loss is more than ten times ... still behind after ten"
    ratio = int(re.search(r"ratio (\d+)x", text).group(1))
    assert ratio > 10
    final = re.search(r"after epoch 10: sorted ([\d.]+)\s+shuffled ([\d.]+)", text)
    assert float(final.group(1)) > float(final.group(2))
    # shuffling: two epochs start differently
    first = re.findall(r"epoch \d starts with x = (tensor\(.*\))", text)
    assert len(first) == 2 and first[0] != first[1]
    # 0.1307 and 0.3081 are MNIST's training mean and std
    assert "mean 0.1307, std 0.3081" in text
    # 60,000 + 10,000 = 70,000 images; about 47 MB; batches [64, 1, 28, 28]
    assert "training images: 60000  test images: 10000  together: 70000" in text
    assert "training images in memory: 47.0 MB" in text
    assert "images: [64, 1, 28, 28]  labels: [64] torch.int64" in text
    assert "transformed: torch.float32 [1, 28, 28]" in text
    assert "stored data is untouched: torch.uint8 [60000, 28, 28] values 0 to 255" in text
    assert "same index, two reads, identical? False" in text
    # the broken dataset: PyTorch's error, then realdata's explanation with indices
    assert "RuntimeError: stack expects each tensor to be equal size" in text
    assert "7 of 8 samples are ([1], [1]), but index 6 is ([2], [1])" in text
    assert "all indices with shape [2]: [6, 13, 20, 27, 34]" in text
    # lazy loading from real PNG files
    assert "300 PNG files in mnist_pngs" in text
    assert "lazy dataset: 300 samples; a batch: [32, 1, 28, 28]" in text
    assert "same pixels as datasets.MNIST? True" in text
    assert (tmp_path / "mnist_pngs" / "00299.png").exists()
    # the two figures: the sorted-vs-shuffled curves and the sample grid
    assert len(images) == 2


def test_lesson_1_keeps_the_seeds_mental_models():
    from realdata.course.workspace import source_text

    text = source_text(registry.lesson(1).lesson_source).lower()
    for phrase in (
        "menu",
        "kitchen",
        "polling",
        "does not change",
        "shuffle=true",
        "lazy loading",
        'answer("1.check1.a"',
        'answer("1.check2"',
        'answer("1.quick.a"',
    ):
        assert phrase in text, phrase


def test_every_packaged_notebook_is_a_valid_ipynb():
    for source, _ in notebook_names():
        nbformat.validate(build_notebook(source))


def test_lesson_2_runs_and_its_numbers_are_the_codes(tmp_path, monkeypatch):
    monkeypatch.setenv("REALDATA_NO_PROGRESS", "1")
    text, images, elapsed = run_lesson(registry.lesson(2).lesson_source, tmp_path)
    assert elapsed < 300

    assert "training images: 60000  batches of 64: 938  test images: 10000" in text
    # softmax worked for one element, and the full vector
    assert "e^3.8 = 44.70" in text
    assert "sum of e^z over all 10 classes = 54.58" in text
    assert "probability of class 7 = 44.70 / 54.58 = 0.82" in text
    assert "class 7: 0.82   all positive: True   sum: 1.0000" in text
    # MSE on the 80% / 2% example, and MSE capped at 0.2 while cross-entropy climbs
    assert "cross-entropy: 3.91" in text
    mse = [float(m) for m in re.findall(r"^\s+[\d.]+\s+([\d.]+)\s+[\d.]+$", text, flags=re.M)]
    assert len(mse) == 4 and max(mse) <= 0.2
    assert "      0.001  0.200            6.91" in text
    # the cross-entropy trio and the ~90x gap
    for value in ("loss = 0.05", "loss = 0.69", "loss = 4.61"):
        assert value in text
    assert "confident-wrong costs 90x as much as confident-right" in text
    # nn.CrossEntropyLoss equals -log softmax; the double softmax floor ~1.46; it learns worse
    pair = re.findall(r"(?:nn.CrossEntropyLoss|-log\(softmax\[7\]\)):\s+([\d.]+)", text)
    assert len(pair) == 2 and pair[0] == pair[1]
    assert "confident and right, softmax first: 1.46" in text
    right, doubled = map(
        float, re.search(r"correct use ([\d.]+)%, softmax before the loss ([\d.]+)%", text).groups()
    )
    assert doubled < right
    # 235,146 parameters, by hand and in the model
    assert "total by hand: 235,146" in text and "total in the model: 235,146" in text
    # between 97% and 98% after 5 epochs
    simple = [
        float(x) for x in re.findall(r"epoch 5: train loss [\d.]+  train [\d.]+%  test ([\d.]+)%", text)
    ]
    assert len(simple) == 2
    assert 97.0 <= simple[0] <= 98.0
    # mistakes are made with far less confidence
    right_conf, wrong_conf = map(
        int, re.search(r"right predictions (\d+)%, wrong predictions (\d+)%", text).groups()
    )
    assert wrong_conf < right_conf - 15
    # the scissors: simple's gap opens, improved trains below its test accuracy
    table = [line for line in text.splitlines() if re.match(r"^\s+\d \|", line)]
    gaps = [[float(x) for x in re.findall(r"([+-]\d+\.\d+)", line)] for line in table]
    assert len(gaps) == 5
    assert gaps[-1][0] > 0 and all(row[1] < 0 for row in gaps)
    assert gaps[0][0] < 0 and all(row[0] > 0 for row in gaps[1:])  # "from epoch 2", "even the simple model"
    # forgetting model.eval(): two different scores, both below the real one
    tries = re.search(r"without model.eval\(\): ([\d.]+)%, then ([\d.]+)% on the same test set", text)
    real = float(re.search(r"with model.eval\(\):\s+([\d.]+)%, every time", text).group(1))
    first, second = float(tries.group(1)), float(tries.group(2))
    assert first != second and max(first, second) < real
    # check 1 verified with code
    assert "predicted class: 0" in text and "loss: 1.74" in text
    assert len(images) == 1


def test_lesson_2_keeps_the_seeds_mental_models():
    from realdata.course.workspace import source_text

    text = source_text(registry.lesson(2).lesson_source).lower()
    for phrase in (
        "wrongness score v2",
        "sigmoid",
        "confidence penalty",
        "same heartbeat, new instruments",
        "loss is what the model optimises",
        "scissors",
        "three differences",
        'answer("2.check1.a"',
        'answer("2.check2"',
    ):
        assert phrase in text, phrase


def test_lesson_3_runs_and_its_numbers_are_the_codes(tmp_path, monkeypatch):
    monkeypatch.setenv("REALDATA_NO_PROGRESS", "1")
    text, images, elapsed = run_lesson(registry.lesson(3).lesson_source, tmp_path)
    assert elapsed < 300

    # the silent failure: loss about 2.3 -> about 0.5, test accuracy near 10%
    first = float(re.search(r"first batch loss ([\d.]+)", text).group(1))
    last = float(re.findall(r"epoch 3: training loss ([\d.]+)", text)[0])
    test_acc = float(re.search(r"test accuracy: ([\d.]+)%", text).group(1))
    assert 2.2 <= first <= 2.45 and 0.4 <= last <= 0.65 and 8 <= test_acc <= 15
    assert "share of 1s in the colleague's training labels: 90%" in text
    entropy = float(re.search(r"entropy of the training labels: ([\d.]+)", text).group(1))
    assert "uniform guess: -log(1/10) = 2.30" in text and 0.45 <= entropy <= 0.6 and abs(entropy - last) < 0.1
    assert "distinct pixel values in the training images: 1" in text
    # "nearly every test image is called a 1": the counts printed say so
    counts = [
        int(v)
        for v in re.search(r"predicted classes on the test set: \[([\d, ]+)\]", text).group(1).split(",")
    ]
    assert sum(counts) == 10_000 and counts[1] >= 9_500
    assert "different gradient values among one unit's 784 weights: at most 1" in text
    # the pulse every N steps: balanced at step 0 and at step 100, the loss from ~2.3 to ~0.3
    pulse = re.search(
        r"step 0: loss ([\d.]+)\n(.*?)step 100: loss ([\d.]+)\n((?:\S+\s+[\d.e+-]+\n){6})", text, re.S
    )
    assert pulse and 2.2 <= float(pulse.group(1)) <= 2.45 and 0.2 <= float(pulse.group(3)) <= 0.4
    for block in (pulse.group(2), pulse.group(4)):
        weights = [float(v) for k, v in re.findall(r"(\S+weight)\s+([\d.e+-]+)", block)]
        assert len(weights) == 3 and max(weights) / min(weights) < 10 and max(weights) < 100
    # torchinfo: 235,146 and both shape errors caught before any data runs
    assert "Total params: 235,146" in text
    assert "missing Flatten: mat1 and mat2 shapes cannot be multiplied (1792x28 and 784x256)" in text
    assert "sizes do not meet: mat1 and mat2 shapes cannot be multiplied (64x256 and 128x10)" in text
    # the pulse: healthy within a few times; the sick one about 100,000x
    healthy = float(re.search(r"largest / smallest weight gradient: ([\d.]+)x", text).group(1))
    assert healthy < 10
    sick = int(re.search(r"last layer / first layer: ([\d,]+)x", text).group(1).replace(",", ""))
    assert 30_000 <= sick <= 300_000
    # three learning rates as three runs of real event files, plus the overlay PNG
    assert "['lr-0.0001', 'lr-0.1', 'lr-1.0']" in text
    runs = tmp_path / "runs" / "lr-comparison"
    assert (runs / "overlay.png").read_bytes()[:4] == b"\x89PNG"
    from realdata.training.tracking import read_scalars

    diverged = [v for _, v in read_scalars(runs / "lr-1.0")["loss/train"]]
    diverged_acc = [v for _, v in read_scalars(runs / "lr-1.0")["accuracy/train"]]
    crawled = [v for _, v in read_scalars(runs / "lr-0.0001")["loss/train"]]
    learned = [v for _, v in read_scalars(runs / "lr-0.1")["loss/train"]]
    # "jumps around and even climbs far above where it started, and the accuracy goes nowhere"
    assert max(diverged) > 2 * diverged[0] and max(diverged_acc) < 0.5
    assert crawled[0] - crawled[-1] < 0.05 and learned[-1] < learned[0] / 3
    # the same-batch bug: smooth versus noisy
    real_ups, same_ups = (int(x) for x in re.findall(r"loss went up on (\d+)% of steps", text))
    assert real_ups >= 20 and same_ups <= 5
    # the puzzle solved by the tools, then by the doctor
    counts = eval(re.search(r"predicted classes on the test set: (\[.*\])", text).group(1))
    assert max(counts) >= 0.95 * sum(counts) and counts.index(max(counts)) == 1
    assert "class-prior-collapse" in text
    assert len(images) == 2


def test_lesson_3_keeps_the_seeds_mental_models():
    from realdata.course.workspace import source_text

    text = source_text(registry.lesson(3).lesson_source).lower()
    for phrase in (
        "x-ray",
        "pulse",
        "flight recorder",
        "workflow, not",
        "plumbing",
        "loss going down does not mean",
        "suspiciously smooth",
        "realdata tensorboard",
        'answer("3.check1.a"',
        'answer("3.check2"',
    ):
        assert phrase in text, phrase


def _normalised_body(fn: ast.FunctionDef) -> list[str]:
    """The function's statements without the plumbing: docstring, device moves, the progress-bar wrapper."""

    class Unplumb(ast.NodeTransformer):
        def visit_Call(self, node: ast.Call) -> ast.AST:  # tqdm(loader, ...) -> loader
            self.generic_visit(node)
            if isinstance(node.func, ast.Name) and node.func.id == "tqdm":
                return node.args[0]
            return node

    def plumbing(stmt: ast.stmt) -> bool:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            return True  # docstring
        return isinstance(stmt, ast.Assign) and ".to(device)" in ast.unparse(stmt)

    def clean(stmts: list[ast.stmt]) -> list[ast.stmt]:
        out = []
        for stmt in stmts:
            if plumbing(stmt):
                continue
            for field in ("body", "orelse"):
                if hasattr(stmt, field):
                    setattr(stmt, field, clean(getattr(stmt, field)))
            out.append(stmt)
        return out

    body = clean([Unplumb().visit(s) for s in fn.body])
    return [ast.unparse(s) for s in body]


@pytest.mark.parametrize("name", ["train_one_epoch", "evaluate"])
def test_the_lessons_loop_is_the_librarys_apart_from_plumbing(name):
    import inspect

    from realdata.training import loop

    lesson = build_notebook(registry.lesson(2).lesson_source)
    defs = [
        node
        for cell in lesson.cells
        if cell.cell_type == "code"
        for node in ast.parse(cell.source).body
        if isinstance(node, ast.FunctionDef) and node.name == name
    ]
    assert len(defs) == 1, f"lesson 2 defines {name} {len(defs)} times"
    library = ast.parse(inspect.getsource(getattr(loop, name))).body[0]
    assert _normalised_body(defs[0]) == _normalised_body(library)
