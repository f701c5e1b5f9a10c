"""Every rule's thresholds, just above and just below, on small synthetic recordings (no training).

A recording here is built by hand from the parts a rule reads, so each test takes
microseconds and says exactly which number decides.
"""

from __future__ import annotations

import math

import pytest
import torch

from realdata.doctor.recording import Crash, Forward, GradSample, LoaderInfo, LossCall, Param, Recording
from realdata.doctor.registry import FAMILIES, PHASES, RULES, all_rules


def rule(category: str):  # noqa: ANN201
    return all_rules()[category]


def t(category: str, name: str) -> float:
    return rule(category).thresholds[name]


def state(category: str, rec: Recording, **overrides: float) -> str:
    return rule(category)(rec, **overrides).state


def trained(
    n: int, *, size: int = 64, labels=None, preds=None, fp=None, loader=None, loss_kind="cross_entropy"
):  # noqa: ANN001, ANN201
    out = []
    for i in range(n):
        f = Forward(seq=i, grad=True, n=size, trained=True, loader=loader, epoch=1 if loader else 0)
        f.fp = float(i) if fp is None else fp(i)
        f.labels = labels(i) if labels else None
        f.preds = preds(i) if preds else None
        f.out_dim = 10
        f.loss_kind = loss_kind
        f.backwards_before = i
        out.append(f)
    return out


def ended(rec: Recording) -> Recording:
    rec.ended = True
    return rec


# ----------------------------------------------------------------------------- the registry


def test_every_category_is_declared_once_with_its_place_in_the_checklist():
    rules = all_rules()
    assert len(rules) == len(RULES) >= 19
    for category, r in rules.items():
        assert r.family in FAMILIES and r.phase in PHASES and r.severity in {"error", "warning"}
        assert r.advice and r.summary, category
        for name in r.thresholds:  # every named threshold is explained in the rule's docstring
            assert name in (r.check.__doc__ or ""), (category, name)


def test_category_list_advice_and_scenario_index_come_from_the_registry():
    from realdata.doctor.findings import ADVICE, CATEGORIES
    from realdata.doctor.scenarios import scenarios

    assert tuple(all_rules()) == CATEGORIES
    assert {c: r.advice for c, r in all_rules().items()} == ADVICE
    assert [s.category for s in scenarios()] == [c for c, r in all_rules().items() if r.scenario]
    assert all(s.bug.is_file() and s.fixed.is_file() for s in scenarios())


# ----------------------------------------------------------------------------- data


@pytest.mark.parametrize("which,index", [("MAX_MEAN", 0), ("MAX_STD", 1), ("MAX_ABS", 2)])
def test_unnormalized_inputs_thresholds(which, index):
    limit = t("unnormalized-inputs", which)
    for value, expected in ((limit * 1.01, "fire"), (limit * 0.99, "clear")):
        stats = [0.0, 1.0, 2.0]
        stats[index] = value
        rec = Recording(input_stats=[tuple(stats)] * 5)
        assert state("unnormalized-inputs", rec) == expected, (which, value)


def test_unnormalized_inputs_waits_for_enough_batches():
    batches = int(t("unnormalized-inputs", "BATCHES"))
    rec = Recording(input_stats=[(33.0, 78.0, 255.0)] * (batches - 1))
    assert state("unnormalized-inputs", rec) == "pending"
    rec.input_stats.append((33.0, 78.0, 255.0))
    assert state("unnormalized-inputs", rec) == "fire"


def test_same_batch_share_and_minimum_steps():
    share, steps = t("same-batch-every-step", "SAME_SHARE"), int(t("same-batch-every-step", "MIN_STEPS"))
    n = 20
    at = math.ceil(share * n)
    rec = Recording(forwards=trained(n, fp=lambda i: 7.0 if i < at else float(i)))
    assert state("same-batch-every-step", rec) == "fire"
    rec = Recording(forwards=trained(n, fp=lambda i: 7.0 if i < at - 1 else float(i)))
    assert state("same-batch-every-step", rec) == "clear"
    rec = Recording(forwards=trained(steps - 1, fp=lambda i: 7.0))
    assert state("same-batch-every-step", rec) == "pending"
    rec = Recording(forwards=trained(steps, fp=lambda i: 7.0))
    assert state("same-batch-every-step", rec) == "fire"


def test_same_batch_full_batch_training_is_not_the_bug():
    full = int(t("same-batch-every-step", "FULL_BATCH"))
    assert (
        state("same-batch-every-step", Recording(forwards=trained(20, size=full - 1, fp=lambda i: 1.0)))
        == "fire"
    )
    assert (
        state("same-batch-every-step", Recording(forwards=trained(20, size=full, fp=lambda i: 1.0)))
        == "clear"
    )
    loader = LoaderInfo(1, "TensorDataset", 1000, 1000, "RandomSampler", False)
    rec = Recording(forwards=trained(20, size=1000, fp=lambda i: 1.0, loader=1), loaders={1: loader})
    assert (
        state("same-batch-every-step", rec) == "clear"
    )  # the whole dataset in every batch: gradient descent
    loader.size = 5000
    assert state("same-batch-every-step", rec) == "fire"


def _batches(order: str, n: int = 40, size: int = 32) -> list[Forward]:
    gen = torch.Generator().manual_seed(0)
    labels = torch.arange(10).repeat_interleave(n * size // 10)  # sorted
    if order == "shuffled":
        labels = labels[torch.randperm(len(labels), generator=gen)]
    return trained(n, size=size, labels=lambda i: labels[i * size : (i + 1) * size])


def test_unshuffled_sorted_data_score():
    from realdata.doctor.rules.data import order_score

    assert state("unshuffled-sorted-data", Recording(forwards=_batches("sorted"))) == "fire"
    assert state("unshuffled-sorted-data", Recording(forwards=_batches("shuffled"))) == "clear"
    # half the batches sorted, half shuffled: a score in between, and the threshold decides
    half = _batches("sorted")[:20] + _batches("shuffled")[20:]
    for i, f in enumerate(half):
        f.seq = i
    score, _ = order_score(half)
    assert 0.2 < score < 0.8
    assert state("unshuffled-sorted-data", Recording(forwards=half), SORTED_SCORE=score - 0.01) == "fire"
    assert state("unshuffled-sorted-data", Recording(forwards=half), SORTED_SCORE=score + 0.01) == "clear"


def test_unshuffled_sorted_data_needs_enough_labels():
    need = int(t("unshuffled-sorted-data", "MIN_LABELS"))

    def sorted_batches(total):  # noqa: ANN001, ANN202
        labels = torch.arange(total) * 10 // total  # classes 0..9 in order
        chunks = labels.split(32)
        return trained(len(chunks), labels=lambda i: chunks[i])

    assert state("unshuffled-sorted-data", Recording(forwards=sorted_batches(need - 1))) == "pending"
    assert state("unshuffled-sorted-data", Recording(forwards=sorted_batches(need))) == "fire"


def test_unshuffled_sorted_data_batches_of_one_use_runs_of_labels():
    sorted_labels = torch.arange(10).repeat_interleave(30)
    rec = Recording(forwards=trained(300, size=1, labels=lambda i: sorted_labels[i : i + 1]))
    assert state("unshuffled-sorted-data", rec) == "fire"
    mixed = sorted_labels[torch.randperm(300, generator=torch.Generator().manual_seed(1))]
    rec = Recording(forwards=trained(300, size=1, labels=lambda i: mixed[i : i + 1]))
    assert state("unshuffled-sorted-data", rec) == "clear"


def test_unshuffled_sorted_regression_targets_rising_share():
    share, batches = (
        t("unshuffled-sorted-data", "RISING_SHARE"),
        int(t("unshuffled-sorted-data", "MIN_BATCHES")),
    )

    def rec(means):  # noqa: ANN001, ANN202
        return Recording(losses=[LossCall("mse", True, 1.0, 8, checked=True, target_mean=m) for m in means])

    rising = [float(i) for i in range(11)]  # 10 rising pairs
    assert state("unshuffled-sorted-data", rec(rising)) == "fire"
    one_drop = rising[:5] + [rising[4] - 0.5] + rising[6:]  # 9 of 10 pairs rise: 0.9
    assert state("unshuffled-sorted-data", rec(one_drop)) == "fire"
    two_drops = rising[:3] + [1.5] + rising[4:5] + [3.5] + rising[6:]  # 8 of 10 pairs rise: below 0.9
    assert 8 / 10 < share <= 9 / 10
    assert state("unshuffled-sorted-data", rec(two_drops)) == "clear"
    assert state("unshuffled-sorted-data", rec(rising[: batches - 1])) == "pending"
    assert state("unshuffled-sorted-data", rec(rising[:batches])) == "fire"


def _probe_recording(informative: bool, samples: int, steps: int = 200, loss: float = 2.3) -> Recording:
    gen = torch.Generator().manual_seed(0)
    labels = torch.randint(0, 10, (samples,), generator=gen)
    x = torch.randn(samples, 20, generator=gen) * 0.5
    x[torch.arange(samples), labels] += 3.0  # class c lights up feature c
    if not informative:
        labels = labels[torch.randperm(samples, generator=gen)]
    forwards, probe = [], []
    for i, start in enumerate(range(0, samples, 50)):
        f = trained(1, size=len(labels[start : start + 50]))[0]
        f.seq, f.labels = i, labels[start : start + 50]
        forwards.append(f)
        probe.append((x[start : start + 50], i))
    return ended(Recording(forwards=forwards, probe=probe, train_losses=[loss] * steps))


def test_label_mismatch_probe_and_learning():
    assert state("label-mismatch", _probe_recording(True, 1000)) == "clear"
    assert state("label-mismatch", _probe_recording(False, 1000)) == "fire"
    # the model learned (loss well below ln 10): the labels are not the problem
    assert state("label-mismatch", _probe_recording(False, 1000, loss=0.5)) == "clear"


def test_label_mismatch_minimum_probe_and_steps():
    need, steps = int(t("label-mismatch", "MIN_PROBE")), int(t("label-mismatch", "MIN_STEPS"))
    assert state("label-mismatch", _probe_recording(False, need - 50)) == "unchecked"
    assert state("label-mismatch", _probe_recording(False, need)) == "fire"
    assert state("label-mismatch", _probe_recording(False, 1000, steps=steps - 1)) == "unchecked"
    assert state("label-mismatch", _probe_recording(False, 1000, steps=steps)) == "fire"


def test_label_mismatch_lift_threshold():
    from realdata.doctor.rules.data import _centroid_accuracy

    rec = _probe_recording(False, 1000)
    accuracy, majority, _ = _centroid_accuracy(rec)
    lift = accuracy - majority
    assert state("label-mismatch", rec, MIN_LIFT=lift + 0.01) == "fire"
    assert state("label-mismatch", rec, MIN_LIFT=lift - 0.01) == "clear"


def test_label_mismatch_out_of_range_crash():
    rec = Recording(crash=Crash("IndexError", "Target 10 is out of bounds."))
    assert state("label-mismatch", rec) == "fire"


# ----------------------------------------------------------------------------- outputs


@pytest.mark.parametrize(
    "message,expected",
    [
        ("mat1 and mat2 shapes cannot be multiplied (64x784 and 512x10)", "fire"),
        ("Expected input batch_size (256) to match target batch_size (64).", "fire"),
        ("shape '[-1, 3136]' is invalid for input of size 2048", "fire"),
        (
            "Given groups=1, weight of size [32, 3, 3, 3], expected input[64, 1, 28, 28] to have 3 channels",
            "fire",
        ),
        (
            "The size of tensor a (10) must match the size of tensor b (64) at non-singleton dimension 1",
            "fire",
        ),
        ("Expected all tensors to be on the same device, but found cuda:0 and cpu", "clear"),
        ("expected scalar type Float but found Double", "clear"),
        ("Target 10 is out of bounds.", "clear"),
    ],
)
def test_shape_mismatch_reads_the_message(message, expected):
    rec = ended(Recording(crash=Crash("RuntimeError", message, layers=["'fc' (Linear)"])))
    assert state("shape-mismatch", rec) == expected


def test_shape_mismatch_names_layer_loss_shapes_and_line():
    crash = Crash("ValueError", "Expected input batch_size (256) to match target batch_size (64).")
    crash.loss_shapes, crash.line = (
        ("cross_entropy", (256, 10), (64,)),
        "train.py:12: loss = F.cross_entropy(out, y)",
    )
    text = rule("shape-mismatch")(ended(Recording(crash=crash))).text
    assert "[256, 10]" in text and "[64]" in text and "train.py:12" in text


def _ce_calls(flags: list[bool], attr: str = "prob_rows", kind: str = "cross_entropy") -> Recording:
    calls = []
    for flag in flags:
        c = LossCall(kind, True, 1.0, 64, checked=True)
        setattr(c, attr, flag)
        calls.append(c)
    return Recording(losses=calls, backwards=len(flags))


def test_softmax_before_cross_entropy_share_and_minimum():
    share, need = (
        t("softmax-before-cross-entropy", "SHARE"),
        int(t("softmax-before-cross-entropy", "MIN_CALLS")),
    )
    assert share == 0.8
    assert state("softmax-before-cross-entropy", _ce_calls([True] * 4 + [False])) == "fire"  # 0.8
    assert state("softmax-before-cross-entropy", _ce_calls([True] * 7 + [False] * 2)) == "clear"  # 0.78
    assert state("softmax-before-cross-entropy", _ce_calls([True] * (need - 1))) == "pending"
    assert state("softmax-before-cross-entropy", _ce_calls([True] * need)) == "fire"


@pytest.mark.parametrize(
    "kind,attr", [("cross_entropy", "logprob_rows"), ("nll", "prob_rows"), ("bce_logits", "unit_interval")]
)
def test_softmax_before_cross_entropy_variants(kind, attr):
    assert state("softmax-before-cross-entropy", _ce_calls([True] * 5, attr, kind)) == "fire"
    assert state("softmax-before-cross-entropy", _ce_calls([False] * 5, attr, kind)) == "clear"


def _regression(values: list[float], n: int = 5, onehot: bool = False) -> Recording:
    calls = [
        LossCall(
            "mse",
            True,
            1.0,
            64,
            checked=True,
            class_targets=True,
            onehot_targets=onehot,
            target_values=tuple(values),
        )
        for _ in range(n)
    ]
    return Recording(losses=calls, backwards=n)


def test_wrong_loss_for_classification_values():
    top = int(t("wrong-loss-for-classification", "MAX_VALUES"))
    low = int(t("wrong-loss-for-classification", "MIN_VALUES"))
    assert state("wrong-loss-for-classification", _regression([float(v) for v in range(top)])) == "fire"
    assert state("wrong-loss-for-classification", _regression([float(v) for v in range(top + 1)])) == "clear"
    assert state("wrong-loss-for-classification", _regression([float(v) for v in range(low)])) == "fire"
    assert state("wrong-loss-for-classification", _regression([0.0] * max(low - 1, 1))) == "clear"
    assert state("wrong-loss-for-classification", _regression([1.0, 3.0, 5.0, 7.0])) == "clear"  # y = 2x + 1
    assert state("wrong-loss-for-classification", _regression([0.0, 1.0], onehot=True)) == "fire"


def test_wrong_loss_for_classification_share_and_minimum():
    need = int(t("wrong-loss-for-classification", "MIN_CALLS"))
    rec = _regression([0.0, 1.0, 2.0], n=need - 1)
    rec.backwards = 1
    assert state("wrong-loss-for-classification", rec) == "pending"
    rec = _regression([0.0, 1.0, 2.0], n=5)
    rec.losses[0].class_targets = False  # 4 of 5 = 0.8
    assert state("wrong-loss-for-classification", rec) == "fire"
    rec.losses[1].class_targets = False  # 3 of 5 = 0.6
    assert state("wrong-loss-for-classification", rec) == "clear"


def _collapse(loss: float, pred_class: int | None, steps: int = 200, share: float = 1.0) -> Recording:
    gen = torch.Generator().manual_seed(0)

    def labels(i):  # noqa: ANN001, ANN202
        return torch.randint(0, 10, (64,), generator=gen)

    def preds(i):  # noqa: ANN001, ANN202
        if pred_class is None:
            return torch.randint(0, 10, (64,), generator=gen)
        p = torch.full((64,), pred_class)
        p[int(share * 64) :] = (pred_class + 1) % 10
        return p

    rec = Recording(
        forwards=trained(steps, labels=labels, preds=preds), train_losses=[2.3] * 10 + [loss] * (steps - 10)
    )
    return ended(rec)


def test_class_prior_collapse_loss_near_the_prior_entropy():
    prior = math.log(10)  # balanced labels
    tol = t("class-prior-collapse", "LOSS_TOL") * (prior + 0.1)
    assert state("class-prior-collapse", _collapse(prior, 3)) == "fire"
    assert state("class-prior-collapse", _collapse(prior - tol * 0.9, 3)) == "fire"
    assert state("class-prior-collapse", _collapse(prior - tol * 1.3, 3)) == "clear"


def test_class_prior_collapse_top_share():
    top = t("class-prior-collapse", "TOP_SHARE")
    assert state("class-prior-collapse", _collapse(2.3, 3, share=top + 0.02)) == "fire"
    # predictions spread over two classes (not one) and not like the labels: no collapse
    assert state("class-prior-collapse", _collapse(2.3, 3, share=top - 0.1)) == "clear"


def test_class_prior_collapse_predictions_that_follow_the_label_frequencies():
    assert state("class-prior-collapse", _collapse(2.3, None)) == "fire"  # random guesses in proportion
    assert state("class-prior-collapse", _collapse(2.3, None), TV=0.0) == "clear"


def test_class_prior_collapse_minimum_steps():
    steps = int(t("class-prior-collapse", "MIN_STEPS"))
    assert state("class-prior-collapse", _collapse(2.3, 3, steps=steps - 1)) == "unchecked"
    assert state("class-prior-collapse", _collapse(2.3, 3, steps=steps)) == "fire"


def test_not_learning_floor():
    need, factor = int(t("not-learning", "MIN_STEPS")), t("not-learning", "LEARNED")
    chance = math.log(10)

    def rec(loss, steps=need):  # noqa: ANN001, ANN202
        return ended(Recording(forwards=trained(3), train_losses=[loss] * steps))

    assert state("not-learning", rec(chance * factor * 1.01)) == "fire"
    assert state("not-learning", rec(chance * factor * 0.99)) == "clear"
    assert state("not-learning", rec(chance, steps=need - 1)) == "unchecked"


def test_loss_stall_rules_wait_for_a_full_pass_before_judging_mid_run():
    """A model may start slowly: mid-run, a flat loss is only judged after a pass over the training data."""
    loader = LoaderInfo(1, "MNIST", 6400, 64, "RandomSampler", False, passes=1)
    rec = Recording(forwards=trained(3, loader=1), train_losses=[2.3] * 60, loaders={1: loader}, backwards=60)
    assert state("not-learning", rec) == "pending"
    loader.exhausted = 1
    assert state("not-learning", rec) == "fire"
    no_loader = Recording(forwards=trained(3), train_losses=[2.3] * 299, backwards=299)
    assert state("not-learning", no_loader) == "pending"
    no_loader.backwards = 300
    assert state("not-learning", no_loader) == "fire"


# ----------------------------------------------------------------------------- updates


def _grads(norms: list[dict[str, float]], **kw) -> list[GradSample]:  # noqa: ANN003
    out = []
    for i, n in enumerate(norms):
        weights = [k for k in n if k.endswith("weight")]
        total = (
            math.sqrt(sum(v * v for v in n.values()))
            if all(math.isfinite(v) for v in n.values())
            else math.inf
        )
        out.append(GradSample(i, i, 64, dict(n), weights, total, **kw))
    return out


def test_exploding_gradients_layer_norm():
    limit = t("exploding-gradients", "LAYER_NORM")
    above = _grads([{"fc1.weight": limit * 1.1, "fc2.weight": 1.0}] * 5)
    below = _grads([{"fc1.weight": limit * 0.9, "fc2.weight": 1.0}] * 5)
    assert state("exploding-gradients", Recording(grads=above, train_losses=[2.3] * 60)) == "fire"
    assert state("exploding-gradients", Recording(grads=below, train_losses=[2.3] * 60)) == "clear"


def test_exploding_gradients_non_finite_and_growth_and_rise():
    assert state("exploding-gradients", Recording(train_losses=[2.3, 5.0, math.nan])) == "fire"
    growth = t("exploding-gradients", "GROWTH")
    steady = [{"a.weight": 1.0, "b.weight": 1.0}] * 5
    grown = _grads(steady + [{"a.weight": growth * 1.5, "b.weight": 1.0}])
    assert state("exploding-gradients", Recording(grads=grown, train_losses=[2.3] * 60)) == "fire"
    mild = _grads(steady + [{"a.weight": growth * 0.5, "b.weight": 1.0}])
    assert state("exploding-gradients", Recording(grads=mild, train_losses=[2.3] * 60)) == "clear"
    rise, steps = t("exploding-gradients", "RISE"), int(t("exploding-gradients", "MIN_STEPS"))
    forwards = trained(2)
    up = [1.5] * 20 + [1.5 * rise * 1.1] * steps  # ends above chance (ln 10) and RISE x the start
    assert state("exploding-gradients", Recording(forwards=forwards, train_losses=up)) == "fire"
    flat = [1.5] * 20 + [1.5 * rise * 0.9] * steps
    assert state("exploding-gradients", Recording(forwards=forwards, train_losses=flat)) == "clear"


def test_vanishing_gradients_ratio():
    ratio = t("vanishing-gradients", "RATIO")
    above = _grads([{"fc1.weight": 1.0, "fc9.weight": ratio * 1.1}] * 5)
    below = _grads([{"fc1.weight": 1.0, "fc9.weight": ratio * 0.9}] * 5)
    assert state("vanishing-gradients", Recording(grads=above, backwards=5)) == "fire"
    assert state("vanishing-gradients", Recording(grads=below, backwards=5)) == "clear"
    zero_first = _grads([{"fc1.weight": 0.0, "fc9.weight": 1.0}] * 5)
    assert state("vanishing-gradients", Recording(grads=zero_first, backwards=5)) == "fire"


def _lr_recording(update: float, steps: int, drop: float) -> Recording:
    losses = [2.3 - 2.3 * drop * i / (steps - 1) for i in range(steps)]
    return Recording(
        train_losses=losses,
        update_ratios=[update] * 10,
        grads=_grads([{"a.weight": 1.0, "b.weight": 1.0}] * 3),
    )


def test_learning_rate_too_low_update_size_and_loss_drop():
    top, drop = t("learning-rate-too-low", "MAX_UPDATE"), t("learning-rate-too-low", "MIN_DROP")
    steps = int(t("learning-rate-too-low", "MIN_STEPS"))
    assert state("learning-rate-too-low", _lr_recording(top * 0.9, steps, 0.0)) == "fire"
    assert state("learning-rate-too-low", _lr_recording(top * 1.1, steps, 0.0)) == "clear"
    # a straight fall by D over the run measures 0.9 D between the first and the last tenth
    assert state("learning-rate-too-low", _lr_recording(top * 0.9, steps, drop * 1.05 / 0.9)) == "clear"
    assert state("learning-rate-too-low", _lr_recording(top * 0.9, steps, drop * 0.95 / 0.9)) == "fire"


def test_learning_rate_too_low_how_long_it_waits():
    tiny, top = t("learning-rate-too-low", "TINY_UPDATE"), t("learning-rate-too-low", "MAX_UPDATE")
    tiny_steps, steps = (
        int(t("learning-rate-too-low", "TINY_STEPS")),
        int(t("learning-rate-too-low", "MIN_STEPS")),
    )
    assert state("learning-rate-too-low", _lr_recording(tiny * 0.9, tiny_steps, 0.0)) == "fire"
    assert state("learning-rate-too-low", _lr_recording(tiny * 1.1, tiny_steps, 0.0)) == "pending"
    assert state("learning-rate-too-low", _lr_recording(top * 0.9, steps - 1, 0.0)) == "pending"
    end = int(t("learning-rate-too-low", "END_STEPS"))
    assert state("learning-rate-too-low", ended(_lr_recording(top * 0.9, end, 0.0))) == "fire"
    assert state("learning-rate-too-low", ended(_lr_recording(top * 0.9, end - 1, 0.0))) == "unchecked"


def test_missing_zero_grad_share_and_minimum():
    share, need = t("missing-zero-grad", "SHARE"), int(t("missing-zero-grad", "MIN_CHECKS"))
    assert share == 0.5

    def rec(flags):  # noqa: ANN001, ANN202
        grads = [GradSample(i, i, 64, {"w": 1.0}, ["w"], 1.0, stale=f) for i, f in enumerate(flags)]
        return Recording(grads=grads, backwards=len(flags))

    assert state("missing-zero-grad", rec([True] * 5 + [False] * 5)) == "fire"  # 0.5
    assert state("missing-zero-grad", rec([True] * 4 + [False] * 5)) == "clear"  # 0.44
    assert state("missing-zero-grad", rec([True] * (need - 1))) == "pending"
    assert state("missing-zero-grad", rec([True] * need)) == "fire"
    assert (
        state("missing-zero-grad", rec([None] * 20 + [False] * need)) == "clear"
    )  # accumulation without updates


def _params(changed: list[bool], **kw) -> list[Param]:  # noqa: ANN003
    defaults = {"requires_grad": True, "in_optimizer": True, "lr": 0.1, "got_grad": True}
    return [Param(f"p{i}", (4, 4), changed=c, **{**defaults, **kw}) for i, c in enumerate(changed)]


def test_missing_optimizer_step_minimum_backwards():
    need = int(t("missing-optimizer-step", "MIN_BACKWARDS"))
    grads = _grads([{"a.weight": 1.0}])
    assert (
        state("missing-optimizer-step", Recording(params=_params([False] * 3), grads=grads, backwards=need))
        == "fire"
    )
    rec = Recording(params=_params([False] * 3), grads=grads, backwards=need - 1)
    assert state("missing-optimizer-step", rec) == "pending"
    assert (
        state("missing-optimizer-step", Recording(params=_params([False, True]), grads=grads, backwards=need))
        == "clear"
    )


def test_frozen_parameters_reasons_and_minimum():
    need = int(t("frozen-parameters", "MIN_BACKWARDS"))
    for kw, why in (
        ({"requires_grad": False}, "requires_grad=False"),
        ({"in_optimizer": False}, "no optimizer"),
        ({"lr": 0.0}, "lr=0"),
    ):
        params = _params([True]) + _params([False], **kw)
        verdict = rule("frozen-parameters")(Recording(params=params, backwards=need))
        assert verdict.state == "fire" and why in verdict.text
    assert (
        state(
            "frozen-parameters",
            Recording(params=_params([True, False], requires_grad=False), backwards=need - 1),
        )
        == "pending"
    )
    # unchanged only because its gradient was zero: not frozen by the script
    assert state("frozen-parameters", Recording(params=_params([True, False]), backwards=need)) == "clear"


def test_dead_relu_share_and_persistence():
    share, last = t("dead-relu", "DEAD_SHARE"), int(t("dead-relu", "LAST"))
    minimum = int(t("dead-relu", "MIN_BACKWARDS"))

    def rec(shares):  # noqa: ANN001, ANN202
        grads = [GradSample(i, i, 64, {"w": 1.0}, ["w"], 1.0, dead={"fc1": s}) for i, s in enumerate(shares)]
        return Recording(grads=grads, backwards=minimum)

    assert state("dead-relu", rec([share + 0.05] * last)) == "fire"
    assert state("dead-relu", rec([share - 0.05] * last)) == "clear"
    assert (
        state("dead-relu", rec([share + 0.05] * (last - 1) + [share - 0.05])) == "clear"
    )  # not on every one
    assert state("dead-relu", rec([share + 0.05] * (last - 1))) == "pending"
    early = rec([share + 0.05] * last)
    early.backwards = minimum - 1
    assert state("dead-relu", early) == "pending"


# ----------------------------------------------------------------------------- generalisation


def _eval(n: int, layers: set[str], loader: int | None = None) -> list[Forward]:
    out = []
    for i in range(n):
        f = Forward(seq=100 + i, grad=False, n=64, loader=loader, backwards_before=50)
        f.train_mode_layers = set(layers)
        out.append(f)
    return out


def test_missing_eval_mode_minimum_calls():
    need = int(t("missing-eval-mode", "MIN_CALLS"))
    rec = Recording(
        forwards=trained(5) + _eval(need, {"drop (Dropout)"}), mode_layers=["drop (Dropout)"], backwards=50
    )
    assert state("missing-eval-mode", rec) == "fire"
    rec = Recording(forwards=trained(5) + _eval(3, set()), mode_layers=["drop (Dropout)"], backwards=50)
    assert state("missing-eval-mode", rec) == "clear"
    assert state("missing-eval-mode", Recording(forwards=trained(5), mode_layers=[], backwards=5)) == "clear"


def test_test_set_leak_share_and_split():
    share = t("test-set-leak", "SHARE")
    keys = [(float(i), float(i)) for i in range(100)]

    def rec(overlap):  # noqa: ANN001, ANN202
        evals = _eval(1, set(), loader=2)
        evals[0].n, evals[0].keys = 100, tuple(keys)
        loaders = {1: LoaderInfo(1, "MNIST", 6000, 64, "RandomSampler", False, passes=1, exhausted=1)}
        return ended(
            Recording(
                forwards=trained(50, loader=1) + evals,
                train_keys=set(keys[:overlap]),
                loaders=loaders,
                backwards=50,
            )
        )

    assert state("test-set-leak", rec(math.ceil(share * 100))) == "fire"
    assert state("test-set-leak", rec(math.ceil(share * 100) - 1)) == "clear"
    split = rec(0)
    split.loaders[1].test_split = True
    assert state("test-set-leak", split) == "fire"


def _overfit(train_acc: float, held_acc: float, held_losses: list[float] | None = None) -> Recording:
    forwards, seq = [], 0
    rounds = held_losses or [1.0]
    for r, loss in enumerate(rounds):
        for _ in range(10):
            f = Forward(seq=seq, grad=True, n=100, trained=True, backwards_before=seq)
            f.labels, f.preds = (
                torch.zeros(100, dtype=torch.long),
                (torch.arange(100) >= train_acc * 100).long(),
            )
            f.loss = 1.0 - 0.1 * r
            forwards.append(f)
            seq += 1
        f = Forward(seq=seq, grad=False, n=100, backwards_before=seq, loader=9)
        f.labels, f.preds = torch.zeros(100, dtype=torch.long), (torch.arange(100) >= held_acc * 100).long()
        f.loss, f.keys = loss, ((float(seq), 0.0),)
        forwards.append(f)
        seq += 1
    return ended(Recording(forwards=forwards, backwards=seq))


def test_overfitting_gap():
    gap = t("overfitting", "GAP")
    assert state("overfitting", _overfit(0.99, 0.99 - gap - 0.02)) == "fire"
    assert state("overfitting", _overfit(0.99, 0.99 - gap + 0.02)) == "clear"


def test_overfitting_rising_held_out_loss():
    rise, evals = t("overfitting", "RISE"), int(t("overfitting", "MIN_EVALS"))
    assert evals == 3
    assert state("overfitting", _overfit(0.9, 0.9, [1.0, 1.0 * rise * 1.05, 1.0 * rise * 1.1])) == "fire"
    assert state("overfitting", _overfit(0.9, 0.9, [1.0, 1.0 * rise * 0.95, 1.0 * rise * 1.1])) == "clear"
    assert (
        state("overfitting", _overfit(0.9, 0.9, [1.0, 1.0 * rise * 1.2])) == "clear"
    )  # two evaluations only


def test_class_prior_collapse_judges_training_batches_one_by_one_and_reads_held_out_predictions():
    # each batch all one class, but not the same class from batch to batch (the biases swing)
    gen = torch.Generator().manual_seed(0)
    forwards = trained(
        200,
        labels=lambda i: torch.randint(0, 10, (64,), generator=gen),
        preds=lambda i: torch.full((64,), i % 3),
    )
    rec = ended(Recording(forwards=forwards, train_losses=[2.3] * 200))
    assert state("class-prior-collapse", rec) == "fire"
    # a held-out evaluation that predicts one class
    held = Forward(seq=200, grad=False, n=100, backwards_before=200, loader=9)
    held.labels, held.preds, held.keys = (
        torch.arange(100) % 10,
        torch.full((100,), 4),
        tuple(float(i) for i in range(100)),
    )
    rec = ended(
        Recording(
            forwards=trained(200, labels=lambda i: torch.arange(64) % 10) + [held], train_losses=[2.3] * 200
        )
    )
    verdict = rule("class-prior-collapse")(rec)
    assert verdict.state == "fire" and "held-out" in verdict.text
