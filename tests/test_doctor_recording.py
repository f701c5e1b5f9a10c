"""What the Recorder keeps from a run, and the vectorised views the rules read it through.

The Recorder keeps per-sample keys and labels in a few large blocks rather than one small tensor per
step (small tensors kept alive among a script's large short-lived ones fragment the heap and cost the
script fresh pages every step). These tests pin that down by what a recording holds after real
training steps, and check each vectorised view against a plain reference computation.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter

import numpy as np
import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from realdata.doctor import instrument
from realdata.doctor.instrument import Recorder
from realdata.doctor.recording import Forward, Recording, RowBuffer, Rows, all_labels, pack_keys
from realdata.doctor.rules.data import _expected_distinct, _probe, input_order_score, order_score


def _step(model: nn.Module, optimizer: torch.optim.Optimizer, x: torch.Tensor, y: torch.Tensor) -> None:
    """One plain training step: forward, loss, zero_grad, backward, update."""
    loss = nn.functional.cross_entropy(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


def _train(steps: int, *, batch: int = 16, classes: int = 4, seed: int = 0) -> Recording:
    """A small MLP trained for `steps` steps on a shuffled loader, under the Recorder."""
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(steps * batch, 12, generator=gen)
    y = torch.randint(0, classes, (steps * batch,), generator=gen)
    loader = DataLoader(TensorDataset(x, y), batch_size=batch, shuffle=True, generator=gen)
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(12, 8), nn.ReLU(), nn.Linear(8, classes))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with Recorder() as recorder:
        for xb, yb in loader:
            _step(model, optimizer, xb, yb)
    return recorder.recording


def _trained_with_labels(rec: Recording) -> list[Forward]:
    return [f for f in rec.trained() if f.has_labels]


# ----------------------------------------------------------------------------- blocks, not small tensors


def test_keys_and_labels_of_every_step_share_a_few_blocks():
    rec = _train(60)
    trained = rec.trained()
    assert len(trained) == 60
    label_blocks = {id(f.label_rows.block) for f in trained}
    key_blocks = {id(f.pairs.block) for f in trained}
    assert len(label_blocks) == 1 and len(key_blocks) == 1  # one block each, not 60 tensors
    assert all(f.label_tensor is None for f in trained)
    assert all(isinstance(rows, Rows) for rows in rec.pending_keys)


def test_labels_read_back_are_the_labels_trained_on():
    gen = torch.Generator().manual_seed(3)
    x, y = torch.randn(64, 5, generator=gen), torch.randint(0, 3, (64,), generator=gen)
    model = nn.Linear(5, 3)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    seen = []
    with Recorder() as recorder:
        for i in range(0, 64, 8):
            xb, yb = x[i : i + 8], y[i : i + 8]
            seen.append(yb.clone())
            _step(model, optimizer, xb, yb)
    trained = recorder.recording.trained()
    assert [f.labels.tolist() for f in trained] == [s.tolist() for s in seen]
    assert torch.equal(all_labels(trained), torch.cat(seen))


def test_a_block_that_fills_up_starts_another():
    buffer = RowBuffer(2, block=10)
    spans = [buffer.take(4) for _ in range(5)]
    assert [len(s) for s in spans] == [4] * 5
    assert len(buffer.blocks) == 3  # 4+4 fit in a block of 10, the third 4 does not
    big = buffer.take(25)  # larger than a block: a block of its own size
    assert len(big) == 25 and big.tensor().shape == (25, 2)


def test_label_counts_cover_every_training_call_even_in_class_order():
    # 10 classes stored in order, 600 calls: the counts must be the data's, not the first calls'
    y = torch.arange(10).repeat_interleave(96)  # [960], class-sorted
    x = torch.randn(960, 4)
    model = nn.Linear(4, 10)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    with Recorder() as recorder:
        for _ in range(5):
            for i in range(0, 960, 8):
                _step(model, optimizer, x[i : i + 8], y[i : i + 8])
    rec = recorder.recording
    assert len(rec.trained()) == 600
    assert rec.label_counts() == Counter({c: 5 * 96 for c in range(10)})


def test_labels_changed_in_place_before_the_loss_are_the_ones_recorded():
    model = nn.Linear(3, 4)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loader = DataLoader(
        TensorDataset(torch.randn(8, 3), torch.tensor([1, 2, 3, 1, 2, 3, 1, 2])), batch_size=4
    )
    with Recorder() as recorder:
        for xb, yb in loader:
            out = model(xb)
            yb -= 1  # the script shifts its labels after the model call
            loss = nn.functional.cross_entropy(out, yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    assert all_labels(recorder.recording.trained()).tolist() == [0, 1, 2, 0, 1, 2, 0, 1]


def test_loader_labels_are_copied_in_runs_and_every_rule_check_sees_them_all():
    # the copies of a loader's labels wait for LABEL_COPIES calls: a rule check in between must see them
    gen = torch.Generator().manual_seed(5)
    x, y = torch.randn(8 * 100, 6, generator=gen), torch.randint(0, 5, (8 * 100,), generator=gen)
    loader = DataLoader(TensorDataset(x, y), batch_size=8, shuffle=True, generator=gen)
    model = nn.Linear(6, 5)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    seen: list[torch.Tensor] = []
    checked: list[bool] = []

    def check(recorder: Recorder) -> None:
        trained = recorder.recording.trained()
        checked.append(all_labels(trained).tolist() == torch.cat(seen[: len(trained)]).tolist())

    with Recorder(on_check=check) as recorder:
        for xb, yb in loader:
            seen.append(yb.clone())
            _step(model, optimizer, xb, yb)
    assert len(checked) >= 4 and all(checked)  # at 10, 30 and 100 backward passes and the loader's end
    trained = recorder.recording.trained()
    assert len(trained) > instrument.LABEL_COPIES
    assert [f.labels.tolist() for f in trained] == [s.tolist() for s in seen]


def test_a_collate_that_refills_one_label_buffer_loses_labels_but_records_none_wrong():
    buffer = torch.zeros(4, dtype=torch.int64)

    def collate(items):  # noqa: ANN001, ANN202 - reuses one label tensor for every batch
        buffer.copy_(torch.stack([y for _, y in items]))
        return torch.stack([x for x, _ in items]), buffer

    gen = torch.Generator().manual_seed(6)
    data = TensorDataset(torch.randn(4 * 40, 3, generator=gen), torch.randint(0, 4, (4 * 40,), generator=gen))
    model = nn.Linear(3, 4)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    seen = []
    with Recorder() as recorder:
        for xb, yb in DataLoader(data, batch_size=4, collate_fn=collate):
            seen.append(yb.clone())
            _step(model, optimizer, xb, yb)
    trained = recorder.recording.trained()
    known = [(f.labels.tolist(), s.tolist()) for f, s in zip(trained, seen, strict=True) if f.has_labels]
    assert all(got == want for got, want in known)
    assert (
        len(known) >= len(trained) - 1
    )  # the first refill is seen at the next call; copies are direct after


def test_labels_a_manual_loop_refills_in_place_are_all_recorded():
    gen = torch.Generator().manual_seed(7)
    x, y = torch.randn(8 * 50, 3, generator=gen), torch.randint(0, 4, (8 * 50,), generator=gen)
    xb, yb = torch.empty(8, 3), torch.empty(8, dtype=torch.int64)  # buffers, refilled every step
    model = nn.Linear(3, 4)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with Recorder() as recorder:
        for i in range(0, len(x), 8):
            xb.copy_(x[i : i + 8])
            yb.copy_(y[i : i + 8])
            _step(model, optimizer, xb, yb)
    assert all_labels(recorder.recording.trained()).tolist() == y.tolist()


def test_labels_stay_right_when_blocks_fill_up_and_evaluation_cuts_in():
    # found by the second reading: a flush started by a new call dropped that call's own copy, so its rows
    # kept whatever torch.empty left there (zeros, garbage ids) when a block filled up mid-run or an
    # evaluation's labels (a view, copied at once) broke the run of waiting rows
    gen = torch.Generator().manual_seed(8)
    train = TensorDataset(torch.randn(400, 4, generator=gen), torch.randint(1, 10, (400,), generator=gen))
    test = TensorDataset(torch.randn(60, 4, generator=gen), torch.randint(1, 10, (60,), generator=gen))
    model = nn.Linear(4, 10)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    seen = []
    recorder = Recorder()
    recorder._label_rows = RowBuffer(None, torch.int64, block=50)  # fills up every few calls
    with recorder:
        for _ in range(3):
            for xb, yb in DataLoader(train, batch_size=20):
                seen.append(yb.clone())
                _step(model, optimizer, xb, yb)
            with torch.no_grad():
                for xb, yb in DataLoader(test, batch_size=20):
                    seen.append(yb.clone())
                    nn.functional.cross_entropy(model(xb), yb.view(-1))
    forwards = recorder.recording.forwards
    assert len(forwards) == len(seen) == 3 * (20 + 3)
    assert [f.labels.tolist() for f in forwards] == [s.tolist() for s in seen]


def test_a_numpy_buffer_refilled_under_the_same_memory_never_gives_wrong_labels():
    # each batch is a new tensor over the same numpy memory: no version bump, only the address tells
    class Batches(torch.utils.data.IterableDataset):
        def __init__(self) -> None:
            gen = torch.Generator().manual_seed(9)
            self.x, self.y = torch.randn(400, 4, generator=gen), torch.randint(0, 3, (400,), generator=gen)
            self.xb, self.yb = np.empty((8, 4), np.float32), np.empty(8, np.int64)

        def __iter__(self):  # noqa: ANN204
            for i in range(0, 400, 8):
                self.xb[:], self.yb[:] = self.x[i : i + 8].numpy(), self.y[i : i + 8].numpy()
                yield torch.from_numpy(self.xb), torch.from_numpy(self.yb)

    data = Batches()
    model = nn.Linear(4, 3)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with Recorder() as recorder:
        for xb, yb in DataLoader(data, batch_size=None):
            _step(model, optimizer, xb, yb)
    trained = recorder.recording.trained()
    assert len(trained) == 50
    truth = data.y.reshape(50, 8).tolist()
    known = [(f.labels.tolist(), want) for f, want in zip(trained, truth, strict=True) if f.has_labels]
    assert all(got == want for got, want in known)
    assert len(known) >= 49


def test_a_cell_called_once_per_time_step_trains_only_the_call_the_loss_took():
    # after the first DETAILED_FIRST calls (gradient hooks) the graph walk decides: it stops at the
    # loss's own model output, so the earlier calls of a step (inside the model) are not separate training calls
    class Cell(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.i, self.h = nn.Linear(4, 3), nn.Linear(3, 3)

        def forward(self, x: torch.Tensor, h: torch.Tensor) -> torch.Tensor:
            return torch.tanh(self.i(x) + self.h(h))

    gen = torch.Generator().manual_seed(10)
    data = TensorDataset(
        torch.randn(8 * 20, 5, 4, generator=gen), torch.randint(0, 3, (8 * 20,), generator=gen)
    )
    cell = Cell()
    optimizer = torch.optim.SGD(cell.parameters(), lr=0.1)
    with Recorder() as recorder:
        for xb, yb in DataLoader(data, batch_size=8):
            h = torch.zeros(8, 3)
            for t in range(5):
                h = cell(xb[:, t], h)
            _step(lambda _x, h=h: h, optimizer, xb, yb)
    forwards = recorder.recording.forwards
    assert len(forwards) == 100
    later = forwards[instrument.DETAILED_FIRST :]
    assert [f.trained for f in later] == [(f.seq % 5 == 4) for f in later]


def test_evaluation_in_inference_mode_turns_no_instrument_off():
    # inference tensors have no version counter: the label copy's edit check must not ask them for one
    model = nn.Linear(4, 3)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loader = DataLoader(TensorDataset(torch.randn(32, 4), torch.randint(0, 3, (32,))), batch_size=8)
    with Recorder() as recorder:
        for xb, yb in loader:
            _step(model, optimizer, xb, yb)
        with torch.inference_mode():
            for xb, yb in loader:
                nn.functional.cross_entropy(model(xb), yb)
    rec = recorder.recording
    assert not rec.notes, rec.notes
    assert len(rec.evaluated()) == 4 and all(f.has_labels for f in rec.evaluated())


def test_the_probe_fills_up_when_the_first_call_is_smaller(monkeypatch):
    monkeypatch.setattr(instrument, "PROBE_SAMPLES", 200)
    model = nn.Linear(6, 3)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x, y = torch.randn(640, 6), torch.randint(0, 3, (640,))
    with Recorder() as recorder:
        model(x[:1])  # a shape check with autograd on: a first call of one sample
        for i in range(0, 640, 64):
            _step(model, optimizer, x[i : i + 64], y[i : i + 64])
    rec = recorder.recording
    assert sum(len(chunk) for chunk, _ in rec.probe) == 200
    assert _probe(rec)[2] >= 190  # the partly kept last call is used too


def test_gradients_are_measured_on_float64_and_half_sized_values():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 3)).double()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x, y = torch.randn(32, 5, dtype=torch.float64), torch.randint(0, 3, (32,))
    with Recorder() as recorder:
        for _ in range(5):
            _step(model, optimizer, x, y)
    rec = recorder.recording
    assert not rec.notes, rec.notes  # no instrument turned off
    assert len(rec.grads) == 5 and all(g.total > 0 for g in rec.grads)


def test_tiny_gradients_are_not_dead_units():
    torch.manual_seed(0)
    body = nn.Sequential(nn.Linear(5, 16), nn.Tanh())
    head = nn.Linear(16, 3)

    class Tiny(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.body, self.head = body, head

        def forward(self, x):  # noqa: ANN001, ANN201
            return self.head(self.body(x) * 1e-26)  # every gradient into the body is ~1e-26: tiny, not zero

    model = Tiny()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x, y = torch.randn(32, 5), torch.randint(0, 3, (32,))
    with Recorder() as recorder:
        _step(model, optimizer, x, y)
    (sample,) = recorder.recording.grads
    assert sample.dead and all(share == 0.0 for share in sample.dead.values()), sample.dead


def test_sparse_gradients_are_measured():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Embedding(50, 8, sparse=True), nn.Flatten(), nn.Linear(8 * 4, 2))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x, y = torch.randint(0, 50, (16, 4)), torch.randint(0, 2, (16,))
    with Recorder() as recorder:
        for _ in range(3):
            _step(model, optimizer, x, y)
    rec = recorder.recording
    assert not rec.notes, rec.notes
    assert all(len(g.norms) == 3 for g in rec.grads)


def test_the_batch_fingerprint_is_equal_for_equal_batches_only():
    gen = torch.Generator().manual_seed(1)
    a, b = torch.randn(16, 6, generator=gen), torch.randn(16, 6, generator=gen)
    y = torch.zeros(16, dtype=torch.long)
    model = nn.Linear(6, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    with Recorder() as recorder:
        for xb in (a, b, a.clone(), a[:8]):
            _step(model, optimizer, xb, y[: len(xb)])
    fps = [f.fingerprint() for f in recorder.recording.trained()]
    assert fps[0] == fps[2]  # the same values in another tensor
    assert len({fps[0], fps[1], fps[3]}) == 3


def test_training_keys_match_evaluation_keys_of_the_same_samples():
    gen = torch.Generator().manual_seed(2)
    x = torch.randn(32, 7, generator=gen)
    y = torch.randint(0, 2, (32,), generator=gen)
    model = nn.Linear(7, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    with Recorder() as recorder:
        _step(model, optimizer, x[:16], y[:16])
        with torch.no_grad():
            model(x[8:24])  # half of it trained on
    rec = recorder.recording
    evaluated = rec.evaluated()[-1]
    trained = rec.train_key_set()
    inside = [k in trained for k in evaluated.keys]
    assert inside == [True] * 8 + [False] * 8


@pytest.mark.parametrize("features", [12, 784])
def test_input_order_score_of_a_run_is_that_of_the_batches_plain_means(features):
    # the instrument keeps each batch's sum over a subsample of the features; the score must be the one the
    # plain means of those features give
    gen = torch.Generator().manual_seed(5)
    x = torch.randn(96 * 16, features, generator=gen).cumsum(0)  # in order: neighbouring batches alike
    y = torch.randint(0, 3, (len(x),), generator=gen)
    model = nn.Linear(features, 3)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    sizes = [8, 24, 16] * 32  # batches of different sizes: a sum taken for a mean would weigh them wrongly
    ends = np.cumsum([0, *sizes])
    batches = [(x[a:b], y[a:b]) for a, b in zip(ends[:-1], ends[1:], strict=True)]
    with Recorder() as recorder:
        for xb, yb in batches:
            _step(model, optimizer, xb, yb)
    step = max(1, math.ceil(features / instrument.ORDER_FEATURES))
    plain = [(xb[:, ::step].mean(0), len(xb)) for xb, _ in batches]
    kept = recorder.recording.input_means
    assert len(kept) == len(plain)
    ours, reference = input_order_score(kept), input_order_score(plain)
    assert ours is not None and ours > 0.5  # (ordered data: the score is high)
    assert ours == pytest.approx(reference, abs=1e-5)


# ----------------------------------------------------------------------------- views against references


def _forwards(labels: list[list[int]]) -> list[Forward]:
    buffer = RowBuffer(None, torch.int64, block=64)
    out = []
    for i, chunk in enumerate(labels):
        f = Forward(seq=i, grad=True, n=len(chunk), trained=True)
        if i % 3 == 2:  # some calls hold a tensor of their own
            f.labels = torch.tensor(chunk)
        else:
            rows = buffer.take(len(chunk))
            rows.tensor().copy_(torch.tensor(chunk))
            f.label_rows = rows
        out.append(f)
    return out


def test_all_labels_and_label_counts_agree_with_a_plain_loop():
    gen = torch.Generator().manual_seed(4)
    chunks = [torch.randint(0, 7, (int(n),), generator=gen).tolist() for n in torch.randint(1, 20, (40,))]
    forwards = _forwards(chunks)
    flat = [v for c in chunks for v in c]
    assert all_labels(forwards).tolist() == flat
    assert all_labels(forwards[5:17:2]).tolist() == [v for c in chunks[5:17:2] for v in c]
    assert Recording(forwards=forwards).label_counts() == Counter(flat)
    assert all_labels([]).tolist() == []


def _order_score_reference(chunks: list[list[int]]) -> float:
    """The rule's score, written as a loop over batches and Python sets."""
    labels = [v for c in chunks for v in c]
    sizes = [len(c) for c in chunks]
    if statistics.median(sizes) >= 4:
        seen = statistics.fmean(len(set(c)) for c in chunks)
        n, counts = len(labels), Counter(labels).values()
        # a batch of size b drawn at random misses a class of c labels with probability C(n-c, b) / C(n, b)
        expected = statistics.fmean(
            sum(1 - math.comb(n - c, b) / math.comb(n, b) for c in counts) for b in sizes
        )
        return (expected - seen) / (expected - 1)
    same = sum(a == b for a, b in zip(labels, labels[1:], strict=False)) / (len(labels) - 1)
    chance = sum((c / len(labels)) ** 2 for c in Counter(labels).values())
    return (same - chance) / (1 - chance)


@pytest.mark.parametrize("size", [1, 2, 16, 64])
@pytest.mark.parametrize("sort", [False, True])
def test_order_score_agrees_with_the_loop_it_replaced(size, sort):
    gen = torch.Generator().manual_seed(size)
    labels = torch.randint(0, 10, (size * 40,), generator=gen)
    if sort:
        labels = labels.sort().values
    chunks = [labels[i : i + size].tolist() for i in range(0, len(labels), size)]
    score, _ = order_score(_forwards(chunks))
    assert score == pytest.approx(_order_score_reference(chunks), abs=1e-6)  # float32 means


def test_order_score_takes_negative_and_large_label_values():
    chunks = [[-100, 3, 7_000_000, 3] for _ in range(80)]
    score, _ = order_score(_forwards(chunks))
    assert -1.0 <= score <= 1.0
    counts = Recording(forwards=_forwards(chunks)).label_counts()
    assert counts == Counter({-100: 80, 3: 160, 7_000_000: 80})


def test_expected_distinct_of_one_class_is_one():
    assert _expected_distinct(torch.zeros(50, dtype=torch.long), [10] * 5) == 1.0


@pytest.mark.parametrize("classes,sizes", [(10, [64] * 30), (3, [7] * 14 + [2]), (50, [4] * 25)])
def test_expected_distinct_is_what_random_orders_give(classes, sizes):
    """The exact expectation agrees with shuffling the same labels many times and counting."""
    gen = torch.Generator().manual_seed(classes)
    labels = torch.randint(0, classes, (sum(sizes),), generator=gen)
    shuffled = []
    for _ in range(400):
        perm = labels[torch.randperm(len(labels), generator=gen)].tolist()
        starts = [sum(sizes[:i]) for i in range(len(sizes))]
        shuffled.append(
            statistics.fmean(len(set(perm[s : s + b])) for s, b in zip(starts, sizes, strict=True))
        )
    assert _expected_distinct(labels, sizes) == pytest.approx(statistics.fmean(shuffled), abs=0.02)


def _probe_reference(xs: torch.Tensor, ys: torch.Tensor) -> float:
    """Nearest-class-mean accuracy: even samples fit the means, odd ones test them (torch.cdist)."""
    fit_x, fit_y, test_x, test_y = xs[0::2], ys[0::2], xs[1::2], ys[1::2]
    classes = torch.unique(fit_y)
    centroids = torch.stack([fit_x[fit_y == c].mean(dim=0) for c in classes])
    pred = classes[torch.cdist(test_x, centroids).argmin(dim=1)]
    return float((pred == test_y).float().mean())


@pytest.mark.parametrize("informative", [True, False])
def test_label_probe_agrees_with_a_plain_nearest_centroid(informative):
    gen = torch.Generator().manual_seed(5)
    ys = torch.randint(0, 5, (600,), generator=gen)
    xs = torch.randn(600, 30, generator=gen) + (
        3 * nn.functional.one_hot(ys, 30).float() if informative else 0
    )
    rec = Recording()
    buffer = RowBuffer(None, torch.int64)
    start = 0
    for i in range(12):  # chunks of odd length: the fit/test alternation runs across them
        stop = start + (49 if i % 2 else 51)
        f = Forward(seq=i, grad=True, n=stop - start, trained=True)
        rows = buffer.take(stop - start)
        rows.tensor().copy_(ys[start:stop])
        f.label_rows = rows
        rec.forwards.append(f)
        rec.probe.append((xs[start:stop], i))
        start = stop
    covered = sum(len(x) for x, _ in rec.probe)
    accuracy, majority, n = _probe(rec)
    assert n == covered
    assert accuracy == pytest.approx(_probe_reference(xs[:covered], ys[:covered]), abs=1e-6)
    assert majority == pytest.approx(
        max(Counter(ys[:covered][1::2].tolist()).values()) / len(ys[:covered][1::2])
    )
    assert (accuracy > 0.8) is informative


def test_packed_keys_round_the_projections():
    pairs = torch.tensor([[1.4, 2.6], [1.0, 3.0]])
    assert pack_keys(pairs) == pack_keys(torch.tensor([[1.0, 3.0], [1.0, 3.0]]))
