"""Data rules: what goes into the model, in what order, and whether the labels belong to it."""

from __future__ import annotations

import statistics
from collections import Counter

import torch

from realdata.doctor.recording import Recording, Rows, all_labels
from realdata.doctor.registry import clear, fire, pending, rule, unchecked
from realdata.doctor.rules.common import held_out_accuracy, learned_below_chance, settled


@rule(
    "unnormalized-inputs",
    family="data",
    phase="before",
    severity="warning",
    advice="Normalise the inputs (e.g. transforms.ToTensor() then Normalize(mean, std)): raw pixel values "
    "in the hundreds make training unstable and slow.",
    MAX_MEAN=3.0,
    MAX_STD=10.0,
    MAX_ABS=50.0,
    BATCHES=5,
)
def unnormalized_inputs(rec: Recording, t) -> object:  # noqa: ANN001
    """The model's training inputs are far from normalised: over the first BATCHES training calls,
    |mean| > MAX_MEAN, std > MAX_STD or max |x| > MAX_ABS.

    Raw 0-255 pixels give mean ~33, std ~78, max 255. Inputs in [0, 1] (ToTensor without
    Normalize) are not flagged: they train fine. What is measured is the tensor that reaches
    the model, after any transform, so a transform that rescales is judged by its result.
    """
    stats = rec.input_stats
    if not stats:
        if not rec.float_inputs:
            return clear()  # integer inputs (token ids): nothing to normalise
        return pending("no training input seen yet")
    if len(stats) < t.BATCHES and not rec.ended:
        return pending("fewer training batches seen than needed")
    mean = statistics.fmean(s[0] for s in stats)
    std = statistics.fmean(s[1] for s in stats)
    peak = max(s[2] for s in stats)
    if abs(mean) > t.MAX_MEAN or std > t.MAX_STD or peak > t.MAX_ABS:
        return fire(
            f"model inputs on the first {len(stats)} training batches: mean {mean:.1f}, std {std:.1f}, max |x| {peak:.0f}"
        )
    return clear()


@rule(
    "same-batch-every-step",
    family="data",
    phase="during",
    severity="error",
    advice="Iterate the DataLoader inside the loop (for x, y in loader:). Calling next(iter(loader)) once "
    "outside it trains on the same batch every step: a suspiciously smooth loss.",
    MIN_STEPS=10,
    SAME_SHARE=0.9,
    FULL_BATCH=512,
)
def same_batch_every_step(rec: Recording, t) -> object:  # noqa: ANN001
    """At least SAME_SHARE of the first training calls (MIN_STEPS or more) received the very same input batch.

    Real mini-batch training draws a new batch each step. Identical inputs whose labels change from step
    to step are blank inputs, not a reused batch (class-prior-collapse speaks to that). Full-batch training (the batch
    is the whole dataset: the loader's dataset is no bigger than the batch, or without a
    loader the batch holds FULL_BATCH samples or more) is not this bug.
    """
    trained = rec.trained()[:200]
    if len(trained) < t.MIN_STEPS:
        return (
            pending("fewer training steps than needed")
            if not rec.ended
            else unchecked("too few training steps")
        )
    fps = Counter(fp for f in trained if (fp := f.fingerprint()) is not None)
    if not fps:
        return unchecked("the model's inputs could not be fingerprinted")
    fp, count = fps.most_common(1)[0]
    if count < t.SAME_SHARE * len(trained):
        return clear()
    same = [f for f in trained if f.fingerprint() == fp and f.has_labels]
    if len({tuple(f.labels.tolist()) for f in same}) > max(1, len(same) // 10):
        return clear()  # identical inputs with changing labels: the inputs are blank, not the batch reused
    sample = next(f for f in trained if f.fingerprint() == fp)
    loader = rec.loaders.get(sample.loader) if sample.loader is not None else None
    if loader is not None and loader.size is not None and sample.n >= loader.size:
        return clear()  # full-batch gradient descent: the same data every step is the method
    if loader is None and sample.n >= t.FULL_BATCH:
        return clear()
    where = f" of a dataset of {loader.size}" if loader is not None and loader.size else ""
    return fire(
        f"{count} of {len(trained)} training steps received the identical batch of {sample.n} samples{where}"
    )


def _distinct_per_batch(labels: torch.Tensor, sizes: list[int]) -> float:
    """Mean number of distinct values in consecutive batches of these sizes: the distinct (batch, label) pairs."""
    batch = torch.repeat_interleave(torch.arange(len(sizes)), torch.tensor(sizes))  # [N] batch of each label
    return int(torch.bincount(batch * (int(labels.max()) + 1) + labels).count_nonzero()) / len(sizes)


def _expected_distinct(labels: torch.Tensor, sizes: list[int]) -> float:
    """Mean distinct classes per batch if the same labels came in a random order (same batch sizes).

    Exact, not sampled: in a random order each batch of size b is a uniform draw without replacement, so a
    class with c of the N labels is missing from it with probability C(N - c, b) / C(N, b).
    """
    counts = torch.unique(labels, return_counts=True)[1].double()  # [K]
    total = float(counts.sum())
    sizes_t, times = torch.unique(torch.tensor(sizes, dtype=torch.float64), return_counts=True)  # [S]

    def log_choose(n: torch.Tensor, k: torch.Tensor) -> torch.Tensor:
        return torch.lgamma(n + 1) - torch.lgamma(k + 1) - torch.lgamma(n - k + 1)

    rest, b = total - counts.unsqueeze(1), sizes_t.unsqueeze(0)  # [K, 1], [1, S]
    absent = torch.where(
        rest >= b,
        torch.exp(log_choose(rest, b) - log_choose(torch.tensor(total, dtype=torch.float64), b)),
        0.0,
    )  # [K, S]
    per_size = (1 - absent).sum(dim=0)  # [S] expected distinct classes in one batch of each size
    return float((per_size * times).sum()) / len(sizes)


def order_score(trained: list) -> tuple[float, str]:
    """How far the training batches are from a random order towards one class at a time (0 random, 1 sorted).

    Batches of 4 or more: (expected - seen) / (expected - 1) distinct classes per batch, where "expected"
    is what the same labels give in a random order. Smaller batches: the share of consecutive samples that
    repeat a label, rescaled the same way between chance and 1.
    """
    # [N] class indices in the order they were trained on, renumbered 0..K-1 (-100 or large ids stay apart)
    labels = torch.unique(all_labels(trained), return_inverse=True)[1]
    sizes = [f.label_count for f in trained]
    if statistics.median(sizes) >= 4:
        seen = _distinct_per_batch(labels, sizes)
        expected = _expected_distinct(labels, sizes)
        score = (expected - seen) / (expected - 1) if expected > 1 else 0.0
        return (
            score,
            f"training batches hold {seen:.1f} distinct classes on average; in a random order they would hold {expected:.1f}",
        )
    same = float((labels[1:] == labels[:-1]).float().mean())
    counts = torch.bincount(labels).float()
    chance = float(((counts / len(labels)) ** 2).sum())
    score = (same - chance) / (1 - chance) if chance < 1 else 0.0
    return (
        score,
        f"{same:.0%} of consecutive training samples share a label; in a random order {chance:.0%} would",
    )


def input_order_score(
    means: list[tuple[torch.Tensor, int]], group: int = 128, min_groups: int = 8
) -> float | None:
    """Without labels: 1 - (distance between consecutive groups of inputs) / (distance between random groups).

    Consecutive training calls are pooled into groups of at least `group` samples and each group is
    summarised by its mean input. In a random order every group mean is the data's mean plus noise, so
    neighbours are as far apart as random pairs (score ~0); data stored in order makes neighbours alike
    (score towards 1).
    """
    groups, acc, count = [], None, 0
    for mean, n in means:
        # the instrument keeps each call's sum in a block (Rows); a plain tensor is a mean
        total = mean.tensor()[0] if isinstance(mean, Rows) else mean * n
        acc = total if acc is None else acc + total
        count += n
        if count >= group:
            groups.append(acc / count)
            acc, count = None, 0
    if len(groups) < min_groups:
        return None
    g = torch.stack(groups)  # [G, d]
    near = (g[1:] - g[:-1]).norm(dim=1).mean()
    perm = torch.randperm(len(g), generator=torch.Generator().manual_seed(0))
    far = (g - g[perm]).norm(dim=1)[perm != torch.arange(len(g))].mean()
    return float(1 - near / far) if far > 0 else None


@rule(
    "unshuffled-sorted-data",
    family="data",
    phase="during",
    severity="warning",
    advice="Pass shuffle=True to the training DataLoader: each batch must be a random sample of the data, "
    "not a slice of data stored in order.",
    MIN_LABELS=256,
    MIN_CLASSES=2,
    SORTED_SCORE=0.5,
    INPUT_SCORE=0.35,
    RISING_SHARE=0.9,
    MIN_BATCHES=8,
    FIRST_STEPS=300,
)
def unshuffled_sorted_data(rec: Recording, t) -> object:  # noqa: ANN001
    """The training batches follow the data's stored order instead of being random samples.

    With class labels (the first FIRST_STEPS training calls, MIN_LABELS labels or more, MIN_CLASSES classes):
    batches of 4 or more hold far fewer distinct classes than the same labels in a random
    order would give (score = (expected - seen) / (expected - 1) >= SORTED_SCORE); batches
    smaller than 4 repeat the previous label far more often than chance, by the same score.
    Whatever the labels: consecutive groups of training inputs are far more alike than random ones (an
    order score of INPUT_SCORE or more, see ``input_order_score``; MNIST's own stored order scores ~0.15,
    class-sorted data ~0.5). With regression targets: the batch
    mean target rises in RISING_SHARE of consecutive batches (MIN_BATCHES or more).
    """
    trained = [f for f in rec.trained()[: t.FIRST_STEPS] if f.label_count]
    labels = rec.cached("order-labels", len(trained), lambda: rec.label_counts(trained))
    if sum(labels.values()) >= t.MIN_LABELS and len(labels) >= t.MIN_CLASSES:
        score, what = rec.cached("order", len(trained), lambda: order_score(trained))
        if score >= t.SORTED_SCORE:
            sampler = ""
            loader = rec.loaders.get(trained[0].loader) if trained[0].loader is not None else None
            if loader is not None:
                sampler = f" (DataLoader with {loader.sampler})"
            return fire(what + sampler)
        return clear()
    inputs = rec.cached("input-order", len(rec.input_means), lambda: input_order_score(rec.input_means))
    if inputs is not None and inputs >= t.INPUT_SCORE:
        return fire(
            f"consecutive training batches look far more alike than batches picked at random (order score "
            f"{inputs:.2f}; 0 is a random order, 1 one kind of input at a time): the data comes in a stored order"
        )
    means = [c.target_mean for c in rec.losses if c.grad and c.checked and c.target_mean is not None]
    means = means[: t.FIRST_STEPS]
    if len(means) >= t.MIN_BATCHES and max(means) - min(means) > 1e-6:
        rising = sum(b > a for a, b in zip(means, means[1:], strict=False)) / (len(means) - 1)
        if rising >= t.RISING_SHARE:
            return fire(
                f"the mean regression target rose from one training batch to the next {rising:.0%} of the time"
            )
        return clear()
    if rec.ended:
        return unchecked("no class labels or regression targets were seen in training")
    return pending("not enough training labels seen yet")


def _centroid_accuracy(rec: Recording) -> tuple[float, float, int] | None:
    """See ``_probe``; computed once the probe is full (or the run is over), then cached."""
    from realdata.doctor.instrument import PROBE_SAMPLES

    if not rec.ended and sum(len(x) for x, _ in rec.probe) < PROBE_SAMPLES:
        return None
    labelled = sum(1 for _, seq in rec.probe if seq < len(rec.forwards) and rec.forwards[seq].has_labels)
    return rec.cached("probe", (len(rec.probe), labelled), lambda: _probe(rec))


def _probe(rec: Recording) -> tuple[float, float, int] | None:
    """Nearest-class-mean accuracy on held-out probe samples, the majority-class rate, and the sample count.

    If the labels carry information about the inputs, even this crude classifier beats
    the majority rate by far (about 80% on MNIST pixels); labels unrelated to the inputs
    leave it at the majority rate.
    """
    by_seq = {f.seq: f for f in rec.forwards}
    fit: list[tuple[torch.Tensor, torch.Tensor]] = []  # every other sample fits the class means...
    test: list[tuple[torch.Tensor, torch.Tensor]] = []  # ...and the others test them
    width, count = None, 0
    for x, seq in rec.probe:  # chunks as recorded: no copy of the whole probe (a 9 MB copy costs ~10 ms)
        f = by_seq.get(seq)
        if f is None or f.label_count != f.n or f.n < len(x) or width not in (None, x.shape[1]):
            continue
        labels = f.labels[: len(x)]  # the probe may hold only the first samples of the call that filled it
        width, first = x.shape[1], count % 2
        fit.append((x[first::2], labels[first::2]))
        test.append((x[1 - first :: 2], labels[1 - first :: 2]))
        count += len(x)
    if count < 2:
        return None
    classes = torch.unique(torch.cat([y for _, y in fit]))
    if len(classes) < 2:
        return None
    sums = torch.zeros(
        len(classes), width, dtype=fit[0][0].dtype
    )  # [K, d]: per class, the sum of its samples
    sizes = torch.zeros(len(classes), dtype=fit[0][0].dtype)
    for x, y in fit:
        onehot = (y.unsqueeze(0) == classes.unsqueeze(1)).to(x.dtype)  # [K, n]
        sums += onehot @ x  # a matrix product: far faster than index_add_ on a CPU
        sizes += onehot.sum(dim=1)
    centroids = sums / sizes.unsqueeze(1)  # [K, d]
    # nearest centroid by squared distance, |x|^2 - 2 x.c + |c|^2; |x|^2 is the same for every class
    norms = (centroids * centroids).sum(dim=1)
    right, labels = 0, []
    for x, y in test:
        pred = classes[(norms - 2 * x @ centroids.T).argmin(dim=1)]
        right += int((pred == y).sum())
        labels.append(y)
    y_test = torch.cat(labels)
    if not len(y_test):
        return None
    majority = int(torch.unique(y_test, return_counts=True)[1].max()) / len(y_test)
    return right / len(y_test), majority, count


@rule(
    "label-mismatch",
    family="data",
    phase="during",
    severity="error",
    advice="The labels do not belong to the inputs: keep each image with its own label (shuffle them together, "
    "index both with the same i, take both from the same split) and keep class indices within 0..C-1.",
    MIN_PROBE=400,
    MIN_LIFT=0.15,
    MIN_STEPS=100,
)
def label_mismatch(rec: Recording, t) -> object:  # noqa: ANN001
    """The labels carry no information about the inputs the script actually feeds.

    Two ways to see it. A crash: a class index outside 0..C-1 ("out of bounds"). Or a
    probe: a nearest-class-mean classifier fitted on half of MIN_PROBE or more recorded
    (model input, label) pairs predicts the other half no better than the majority rate
    plus MIN_LIFT, while the model itself does not learn either (its training loss never
    falls clearly below chance after MIN_STEPS steps, or it is at chance on held-out data).
    """
    crash = rec.crash
    if crash is not None and ("out of bounds" in crash.message or "t >= 0 && t < n_classes" in crash.message):
        return fire(f"{crash.type}: {crash.message.splitlines()[0]}")
    probe = _centroid_accuracy(rec)
    if probe is None or probe[2] < t.MIN_PROBE:
        if rec.ended:
            return unchecked("too few training inputs with their labels were seen to test the labels")
        return pending("collecting (input, label) pairs")
    accuracy, majority, n = probe
    if accuracy >= majority + t.MIN_LIFT:
        return clear()
    learned = learned_below_chance(rec, min_steps=t.MIN_STEPS)
    held_out = held_out_accuracy(rec)
    if learned is None and held_out is None:
        return (
            pending("waiting to see whether the model learns")
            if not rec.ended
            else unchecked("too little training to judge")
        )
    at_chance = held_out is not None and held_out[0] <= held_out[1] + 0.05
    if (learned is False or at_chance) and not settled(rec):
        return pending("the model may still start to learn")
    if learned is False or at_chance:
        seen = f"; held-out accuracy {held_out[0]:.1%}" if held_out is not None else ""
        return fire(
            f"a nearest-class-mean probe on {n} training (input, label) pairs gets {accuracy:.1%}, no better than "
            f"always answering the commonest label ({majority:.1%}): the labels say nothing about the inputs{seen}"
        )
    return clear()
