import torch
from torch import nn

from realdata.data.loaders import make_loaders
from realdata.models import ImprovedMLP, SimpleMLP
from realdata.training.loop import evaluate, fit, train_one_epoch
from realdata.training.tracking import SCALAR_TAGS, make_writer, read_scalars


def _train(mnist_root, seed=0, epochs=3, limit=512):
    torch.manual_seed(seed)
    loaders = make_loaders(mnist_root, seed=seed, limit=limit)
    model = SimpleMLP()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    return fit(
        model, loaders.train, loaders.test, nn.CrossEntropyLoss(), optimizer, epochs=epochs, progress=False
    )


def test_loss_falls_on_a_512_sample_subset(mnist_root):
    history = _train(mnist_root)
    losses = [r.train_loss for r in history]
    assert losses[0] > losses[1] > losses[2]
    assert history[-1].train_accuracy > 0.8  # from ~10% by chance
    assert all(0 <= r.test_accuracy <= 1 for r in history)


def test_same_seed_same_numbers_other_seed_other_numbers(mnist_root):
    a = [r.train_loss for r in _train(mnist_root, seed=1, epochs=2)]
    b = [r.train_loss for r in _train(mnist_root, seed=1, epochs=2)]
    c = [r.train_loss for r in _train(mnist_root, seed=2, epochs=2)]
    assert a == b
    assert a != c


def test_evaluate_does_not_learn_and_uses_eval_mode(mnist_root):
    torch.manual_seed(0)
    loaders = make_loaders(mnist_root, limit=300)
    model = ImprovedMLP()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    first = evaluate(model, loaders.test, nn.CrossEntropyLoss())
    second = evaluate(model, loaders.test, nn.CrossEntropyLoss())
    assert first == second  # dropout off, running stats: deterministic
    assert not model.training
    for k, v in model.state_dict().items():
        assert torch.equal(v, before[k]), k  # not even batch norm's running stats moved


def test_train_one_epoch_reports_sample_weighted_means(mnist_root):
    torch.manual_seed(0)
    loaders = make_loaders(mnist_root, limit=100)  # batches of 64 and 36
    model = SimpleMLP()
    loss, accuracy = train_one_epoch(
        model,
        loaders.train,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(model.parameters(), lr=0.0),
        progress=False,
    )
    # lr=0: the weights never change, so the epoch's sample-weighted mean must equal
    # one pass over all 100 training samples at once (a plain mean of the two batch
    # losses would not).
    batches = list(loaders.train)  # one pass: each pass reshuffles
    x = torch.cat([x for x, _ in batches])
    y = torch.cat([y for _, y in batches])
    with torch.no_grad():
        outputs = model(x)  # [100, 10]
    assert abs(loss - nn.CrossEntropyLoss()(outputs, y).item()) < 1e-5
    assert accuracy == (outputs.argmax(dim=1) == y).sum().item() / 100


def test_tensorboard_scalars_are_real_event_files(mnist_root, tmp_path):
    torch.manual_seed(0)
    loaders = make_loaders(mnist_root, limit=256)
    model = SimpleMLP()
    writer = make_writer(tmp_path / "run")
    history = fit(
        model,
        loaders.train,
        loaders.test,
        nn.CrossEntropyLoss(),
        torch.optim.Adam(model.parameters()),
        epochs=2,
        writer=writer,
        progress=False,
    )
    writer.close()
    scalars = read_scalars(tmp_path / "run")
    assert sorted(scalars) == sorted(SCALAR_TAGS)
    assert [step for step, _ in scalars["loss/train"]] == [1, 2]
    assert abs(scalars["accuracy/test"][-1][1] - history[-1].test_accuracy) < 1e-6


def test_each_epoch_iterates_the_loader_exactly_once(mnist_root):
    """Each extra iter(loader) draws from the shuffling generator and changes every later batch.
    (tqdm.auto's asyncio wrapper used to call iter() a second time; the same seed then gave
    other numbers than the plain `for x, y in loader` loop the lessons teach.)"""
    torch.manual_seed(0)
    loaders = make_loaders(mnist_root, seed=0, limit=256)

    class Counting:
        def __init__(self, loader):
            self.loader, self.calls = loader, 0

        def __iter__(self):
            self.calls += 1
            return iter(self.loader)

        def __len__(self):
            return len(self.loader)

    for progress in (False, True):
        train = Counting(loaders.train)
        model = SimpleMLP()
        fit(
            model,
            train,
            loaders.test,
            nn.CrossEntropyLoss(),
            torch.optim.Adam(model.parameters()),
            epochs=2,
            progress=progress,
        )
        assert train.calls == 2
