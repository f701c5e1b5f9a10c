"""Exercise 3.1 (torchinfo verification): the checks."""

from __future__ import annotations

from realdata.course.checks._helpers import expect_int, need
from realdata.course.model import CheckFailed, Namespace, Test


def t31_stats(ns: Namespace) -> None:
    from torchinfo.model_statistics import ModelStatistics

    stats = need(ns, "stats")
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
    expected = sum(p.numel() for p in ns["model"].parameters())
    expect_int(got, expected, "total_params", what="is")
    if got == 784 * 128 + 128 * 64 + 64 * 10:
        raise CheckFailed(f"{got:,} counts only the weights: each Linear also has one bias per output")
    if got != expected:
        raise CheckFailed(f"total_params is {got:,}; torchinfo's 'Total params' line says {expected:,}")


def t31_shape(ns: Namespace) -> None:
    got = need(ns, "hidden_output_shape")
    got = list(got)
    if got == [64]:
        raise CheckFailed("[64] leaves out the batch dimension, which torchinfo shows first: [32, 64]")
    if got == [32, 128]:
        raise CheckFailed("[32, 128] is the first Linear's output; the second Linear gives [32, 64]")
    if got != [32, 64]:
        raise CheckFailed(f"{got} is not the second Linear layer's output shape in the summary")


TESTS = (
    Test("summary of a batch of 32", t31_stats),
    Test("total parameters", t31_params),
    Test("the second Linear's output shape", t31_shape),
)
