"""Exercise 2.5 (Step 5: visualise predictions): the checks."""

from __future__ import annotations

import matplotlib.colors as mcolors
import torch
from torch import nn

from realdata.course.checks._helpers import need_callable
from realdata.course.checks._lesson2 import _mnist_slice
from realdata.course.model import CheckFailed, Namespace, Test


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


TESTS = (Test("one panel per image, green when right, red when wrong, with confidence", t25_figure),)
