"""The fast pipeline yields the canonical pipeline's batches: same values, same order."""

import torch

from realdata.data.loaders import make_loaders, mnist_transform, normalize_uint8


def test_fast_and_canonical_batches_are_identical(mnist_root):
    canonical = make_loaders(mnist_root, pipeline="canonical", seed=7, limit=1000)
    fast = make_loaders(mnist_root, pipeline="fast", seed=7, limit=1000)
    assert len(canonical.train) == len(fast.train) == 16  # ceil(1000 / 64)
    for _epoch in range(2):  # the second epoch reshuffles identically too
        pairs = list(zip(canonical.train, fast.train, strict=True))
        for (x1, y1), (x2, y2) in pairs:
            assert x1.shape == x2.shape and x1.dtype == x2.dtype == torch.float32
            assert torch.equal(x1, x2) and torch.equal(y1, y2)
    assert len(pairs[-1][0][1]) == 1000 - 15 * 64  # the last, partial batch
    for (x1, y1), (x2, y2) in zip(canonical.test, fast.test, strict=True):
        assert torch.equal(x1, x2) and torch.equal(y1, y2)


def test_fast_batches_match_on_the_full_training_set(mnist_root):
    canonical = make_loaders(mnist_root, pipeline="canonical", seed=0)
    fast = make_loaders(mnist_root, pipeline="fast", seed=0)
    assert (fast.n_train, fast.n_test) == (60_000, 10_000)
    for i, ((x1, y1), (x2, y2)) in enumerate(zip(canonical.train, fast.train, strict=False)):
        assert x1.shape == (64, 1, 28, 28)
        assert torch.equal(x1, x2) and torch.equal(y1, y2)
        if i == 20:
            break


def test_training_data_is_reshuffled_each_epoch_and_test_data_never(mnist_root):
    loaders = make_loaders(mnist_root, seed=0, limit=640)
    first = torch.cat([y for _, y in loaders.train])
    second = torch.cat([y for _, y in loaders.train])
    assert not torch.equal(first, second)
    assert torch.equal(first.sort().values, second.sort().values)  # same samples, new order
    t1 = torch.cat([y for _, y in loaders.test])
    t2 = torch.cat([y for _, y in loaders.test])
    assert torch.equal(t1, t2)


def test_whole_split_normalisation_equals_the_per_sample_transform():
    from PIL import Image

    images = torch.randint(0, 256, (4, 28, 28), dtype=torch.uint8)
    per_sample = torch.stack([mnist_transform()(Image.fromarray(img.numpy(), mode="L")) for img in images])
    assert torch.equal(normalize_uint8(images), per_sample)
