"""Exercise 2.5 (Step 5: visualise predictions): the checks."""

from __future__ import annotations

import re

import matplotlib.colors as mcolors
import torch
from torch import nn

from realdata.course.checks._helpers import need_callable
from realdata.course.checks._lesson2 import _mnist_slice
from realdata.course.model import CheckFailed, Namespace, Test

# (predicted class, its softmax probability, true label) for each image the checker shows. Confidences are
# spread out, some right answers are unsure and some wrong ones confident (colour must follow correctness,
# not confidence), and the true class's probability, the winning logit and its sigmoid all differ from them.
_PLAN = [
    (3, 0.93, 3),
    (7, 0.41, 7),
    (0, 0.67, 6),
    (5, 0.88, 2),
    (1, 0.36, 1),
    (9, 0.74, 4),
    (2, 0.58, 2),
    (8, 0.82, 3),
    (4, 0.47, 9),
    (6, 0.97, 6),
    (1, 0.62, 7),
    (0, 0.29, 0),
]


class _Planned(nn.Module):
    """Gives each known image the logits of its plan, whether called on a batch or on one image."""

    def __init__(self, images: torch.Tensor, plan: list[tuple[int, float, int]]) -> None:
        super().__init__()
        self.keys = [self._key(x) for x in images]
        self.logits = []
        for pred, conf, _ in plan:
            # softmax(logits)[pred] = conf: the other 9 classes share the rest, unevenly
            rest = torch.linspace(1.0, 2.0, 9)
            rest = rest / rest.sum() * (1 - conf)
            probs = torch.cat([rest[:pred], torch.tensor([conf]), rest[pred:]])
            self.logits.append(probs.log() + 1.5)  # shifted: a logit is not a probability
        self.anchor = nn.Parameter(torch.zeros(1))  # a parameter, so .parameters() and .eval() behave

    @staticmethod
    def _key(x: torch.Tensor) -> float:
        return round(float(x.double().sum()), 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.reshape(-1, 1, 28, 28)
        rows = []
        for image in x:
            key = self._key(image)
            i = min(range(len(self.keys)), key=lambda k: abs(self.keys[k] - key))
            rows.append(self.logits[i])
        return torch.stack(rows) + 0 * self.anchor


def _is(color, name: str) -> bool:  # noqa: ANN001
    """Whether ``color`` reads as green or red: any shade counts ('g', 'tab:green', '#2ca02c')."""
    try:
        h, s, v = mcolors.rgb_to_hsv(mcolors.to_rgb(color))
    except ValueError:
        return False
    if s < 0.3 or v < 0.2:
        return False  # grey, black or white is neither
    return 0.2 <= h <= 0.45 if name == "green" else h <= 0.05 or h >= 0.95


_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(\s*%)?")


def _read_title(title: str) -> tuple[int | None, list[tuple[float, float]]]:
    """(the first whole number 0-9: the digit shown, [(each confidence-like number as a fraction, its rounding)])."""
    digit, confidences = None, []
    for number, percent in _NUMBER.findall(title):
        decimals = len(number.split(".")[1]) if "." in number else 0
        value = float(number)
        if percent:
            confidences.append((value / 100, 0.5 * 10**-decimals / 100))
        elif "." in number and 0 <= value <= 1:
            confidences.append((value, 0.5 * 10**-decimals))
        elif digit is None and "." not in number and value <= 9:
            digit = int(number)
    return digit, confidences


def _figure(ns: Namespace, plan: list[tuple[int, float, int]]):  # noqa: ANN202
    from matplotlib.figure import Figure

    fn = need_callable(ns, "show_predictions")
    images = _mnist_slice(len(plan), train=False)[0]
    labels = torch.tensor([label for _, _, label in plan])
    fig = fn(_Planned(images, plan), images, labels)
    if not isinstance(fig, Figure):
        raise CheckFailed(
            f"show_predictions should return the matplotlib Figure (e.g. `return fig`), not {fig!r}"
        )
    panels = [ax for ax in fig.axes if ax.images]
    if len(panels) != len(plan):
        raise CheckFailed(
            f"{len(plan)} images should give {len(plan)} panels with an image each; the figure has {len(panels)}"
        )
    return panels


def t25_titles(ns: Namespace) -> None:
    import matplotlib.pyplot as plt

    panels = _figure(ns, _PLAN)
    try:
        for i, (ax, (pred, conf, label)) in enumerate(zip(panels, _PLAN, strict=True)):
            title = ax.get_title()
            if not title:
                raise CheckFailed(f"panel {i} has no title: show the predicted digit and its confidence")
            digit, confidences = _read_title(title)
            if digit != pred:
                extra = " (that is the true label)" if digit == label else ""
                raise CheckFailed(
                    f"panel {i} is titled {title!r}, but the model predicts {pred}{extra}: the title shows the "
                    "predicted digit, torch.argmax(outputs, dim=1)"
                )
            if not confidences:
                raise CheckFailed(
                    f"panel {i} is titled {title!r}: add the confidence, the softmax probability of the prediction"
                )
            if not any(abs(value - conf) <= tol + 1e-9 for value, tol in confidences):
                raise CheckFailed(
                    f"panel {i} is titled {title!r}, but the model gives its prediction a softmax probability of "
                    f"{conf:.2f}: the confidence is torch.softmax(outputs, dim=1) (over the classes) at the predicted class"
                )
            right = pred == label
            color = ax.title.get_color()
            if right and not _is(color, "green"):
                raise CheckFailed(f"panel {i} is a correct prediction ({pred}) but its title is not green")
            if not right and not _is(color, "red"):
                raise CheckFailed(
                    f"panel {i} is a wrong prediction ({pred}, the label is {label}) but its title is not red"
                )
    finally:
        plt.close("all")


def t25_any_number(ns: Namespace) -> None:
    import matplotlib.pyplot as plt

    plan = [(i % 10, 0.5 + (i % 5) / 10, (i * 3) % 10) for i in range(30)]
    try:
        _figure(ns, plan)
        _figure(ns, plan[:5])
    finally:
        plt.close("all")


TESTS = (
    Test(
        "each title: the predicted digit and its softmax probability, green when right, red when wrong",
        t25_titles,
    ),
    Test("one panel per image, for any number of images", t25_any_number),
)
