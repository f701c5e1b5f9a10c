"""Every lesson notebook runs top to bottom, offline, and says only what its code prints."""

from __future__ import annotations

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
