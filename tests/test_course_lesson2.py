"""Lesson 2's project steps: reference, starter, each classic mistake by name, other correct styles."""

from __future__ import annotations

import pytest

from course_helpers import grade, namespace_with, setup_namespace, starter_code
from realdata.course import registry

STEPS = [e.id for e in registry.exercises_of("mnist-project")]
SOL = {i: registry.exercise(i).solution for i in STEPS}


def first_failure(result) -> str:
    failure = result.first_failure
    assert failure is not None, f"expected a failure, got {result}"
    return failure.message


@pytest.fixture(scope="module")
def base():
    """The set-up cell, Step 1 and Step 2 done, and the model trained for one epoch."""
    ns = namespace_with(SOL["2.1"] + SOL["2.2"] + SOL["2.3"], lesson=2)
    exec(
        "train_one_epoch(model, fast.train, nn.CrossEntropyLoss(), optim.Adam(model.parameters(), lr=1e-3))",
        ns,
    )
    return ns


@pytest.mark.parametrize("step", ["2.1", "2.2", "2.3", "2.5"])
def test_reference_passes(step):
    assert grade(step, SOL[step]).passed


def test_reference_evaluation_passes(base):
    result = grade("2.4", SOL["2.4"], base=base)
    assert result.passed, str(result)


@pytest.mark.parametrize("step", STEPS)
def test_untouched_starter_says_what_to_do_first(step):
    result = grade(step, starter_code(step))
    assert result.not_started == registry.exercise(step).first_step


# --------------------------------------------------------------------------- step 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            (
                "train_loader = DataLoader(train_set, batch_size=64, shuffle=True)",
                "train_loader = DataLoader(train_set, batch_size=64)",
            ),
            "train_loader does not shuffle",
        ),
        (
            (
                "test_loader = DataLoader(test_set, batch_size=1000, shuffle=False)",
                "test_loader = DataLoader(test_set, batch_size=1000, shuffle=True)",
            ),
            "test_loader shuffles. The test set is only measured",
        ),
        (
            (", transforms.Normalize((0.1307,), (0.3081,))", ""),
            "pixel values run from 0 to 1: add Normalize((0.1307,), (0.3081,))",
        ),
        (
            ("train_loader = DataLoader(train_set,", "train_loader = DataLoader(test_set,"),
            "train_loader holds 10000 images and test_loader 10000",
        ),
    ],
    ids=["no-shuffle", "shuffled-test", "no-normalize", "test-as-train"],
)
def test_step1_mistakes(change, message):
    assert message in first_failure(grade("2.1", SOL["2.1"].replace(*change)))


# --------------------------------------------------------------------------- step 2


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            SOL["2.2"].replace(
                "nn.Linear(128, 10),      # logits: no activation", "nn.Linear(128, 10), nn.ReLU(),"
            ),
            "the output layer is followed by a ReLU: logits must be free to go negative",
        ),
        (
            SOL["2.2"].replace(
                "nn.Linear(128, 10),      # logits: no activation", "nn.Linear(128, 10), nn.Softmax(dim=1),"
            ),
            "the model ends with softmax: return raw logits",
        ),
        (
            SOL["2.2"].replace("nn.Flatten(),            # [B, 1, 28, 28] -> [B, 784]", ""),
            "The first Linear needs [B, 784]: start with nn.Flatten()",
        ),
        (
            SOL["2.2"].replace("256", "512"),
            "the forward pass runs Linear layers [(784, 512), (512, 128), (128, 10)]",
        ),
        ("model = nn.Sequential", "`model` should be an nn.Module instance (did you forget the ()?)"),
        (SOL["2.2"].replace("nn.ReLU(),", ""), "no ReLU after the first hidden layer (784 -> 256)"),
    ],
    ids=["relu-output", "softmax-output", "no-flatten", "wrong-size", "class-not-instance", "no-relu"],
)
def test_step2_mistakes(code, message):
    assert message in first_failure(grade("2.2", code))


def test_step2_module_subclass_passes():
    code = """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.out = nn.Linear(784, 256), nn.Linear(256, 128), nn.Linear(128, 10)
        self.relu = nn.ReLU()
    def forward(self, x):
        x = x.view(x.size(0), -1)
        return self.out(self.relu(self.fc2(self.relu(self.fc1(x)))))
model = Net()
"""
    assert grade("2.2", code).passed


# --------------------------------------------------------------------------- step 3

LOOP = SOL["2.3"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            LOOP.replace(
                "loss = loss_fn(outputs, labels)", "loss = loss_fn(torch.softmax(outputs, dim=1), labels)"
            ),
            "softmax before CrossEntropyLoss",
        ),
        (
            LOOP.replace("optimizer.zero_grad()", "pass"),
            "gradients add up across steps: call optimizer.zero_grad()",
        ),
        (
            LOOP.replace("torch.argmax(outputs, dim=1)", "torch.argmax(outputs, dim=0)"),
            "accuracy over the wrong dimension",
        ),
        (
            LOOP.replace(
                "return total_loss / seen, correct / seen", "return total_loss / seen, 100 * correct / seen"
            ),
            "looks like a percentage",
        ),
        (LOOP.replace("        optimizer.step()\n", ""), "the weights differ from the standard loop's"),
    ],
    ids=["softmax-before-ce", "no-zero-grad", "argmax-dim0", "percent", "no-step"],
)
def test_step3_mistakes(code, message):
    assert message in first_failure(grade("2.3", code))


def test_step3_batch_mean_style_passes():
    code = """
def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    losses, hits, count = [], 0, 0
    for x, y in loader:
        optimizer.zero_grad()
        logits = model(x)
        loss = loss_fn(logits, y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        hits += (logits.argmax(1) == y).sum().item()
        count += y.numel()
    return sum(losses) / len(losses), hits / count
"""
    assert grade("2.3", code).passed


# --------------------------------------------------------------------------- step 4

EVAL = SOL["2.4"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            EVAL.replace(
                "    model.eval()                            # dropout off, batch norm uses running averages\n",
                "",
            ),
            "still ran in training mode (Dropout): call model.eval() first",
        ),
        (
            EVAL.replace(
                "    with torch.no_grad():                   # no graph: faster, less memory\n",
                "    if True:\n",
            ),
            "evaluation built an autograd graph",
        ),
        (
            EVAL.replace("torch.argmax(outputs, dim=1)", "torch.argmax(outputs, dim=0)"),
            "accuracy over the wrong dimension",
        ),
        (
            EVAL.replace("evaluate(model, test_loader,", "evaluate(model, train_loader,"),
            "it looks like the training set was evaluated. Pass test_loader to evaluate",
        ),
    ],
    ids=["no-eval", "no-no-grad", "argmax-dim0", "train-set"],
)
def test_step4_mistakes(base, code, message):
    assert message in first_failure(grade("2.4", code, base=base))


def test_step4_inference_mode_style_passes(base):
    code = """
@torch.inference_mode()
def evaluate(net, data, criterion):
    net.eval()
    n = hits = 0
    loss_sum = 0.0
    for xb, yb in data:
        out = net(xb)
        loss_sum += criterion(out, yb).item() * yb.shape[0]
        hits += int((out.max(dim=1).indices == yb).sum())
        n += yb.shape[0]
    return loss_sum / n, hits / n
test_loss, test_accuracy = evaluate(model, test_loader, nn.CrossEntropyLoss())
"""
    assert grade("2.4", code, base=base).passed


# --------------------------------------------------------------------------- step 5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('color="green" if ok else "red"', 'color="green"'),
            "is a wrong prediction (0, the label is 6) but its title is not red",
        ),
        (
            ('color="green" if ok else "red"', 'color="red" if ok else "green"'),
            "is a correct prediction (3) but its title is not green",
        ),
        (("    return fig\n", ""), "should return the matplotlib Figure"),
        (
            ('ax.set_title(f"{int(pred)} ({conf:.0%})"', 'ax.set_title(f"{int(pred)}"'),
            "add the confidence, the softmax probability of the prediction",
        ),
    ],
    ids=["all-green", "swapped-colours", "no-return", "no-confidence"],
)
def test_step5_mistakes(change, message):
    code = SOL["2.5"].replace(*change)
    assert code != SOL["2.5"]
    assert message in first_failure(grade("2.5", code))


def test_step5_other_layout_passes():
    code = """
def show_predictions(model, images, labels):
    model.eval()
    with torch.no_grad():
        p = model(images).softmax(dim=1)
    fig = plt.figure(figsize=(12, 6))
    for i in range(len(images)):
        ax = fig.add_subplot(-(-len(images) // 4), 4, i + 1)
        ax.imshow(images[i].squeeze(), cmap="gray")
        ax.set_xticks([]); ax.set_yticks([])
        pred = int(p[i].argmax())
        ax.set_title(f"{pred}: {p[i, pred]:.2f}", color="tab:green" if pred == int(labels[i]) else "#ff0000")
    return fig
"""
    assert grade("2.5", code).passed  # any shade of green or red reads as green or red


# --------------------------------------------------------------------------- step 6


@pytest.fixture(scope="module")
def trained_improved(base):
    ns = namespace_with(SOL["2.4"] + SOL["2.6"], base=base)
    exec(
        "for _ in range(5):\n"
        "    train_one_epoch(improved_model, fast.train, nn.CrossEntropyLoss(), improved_optimizer)",
        ns,
    )
    return ns


def test_step6_reference_trained_passes(trained_improved):
    from realdata.course.model import run_tests

    assert run_tests(registry.exercise("2.6"), trained_improved).passed


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            (
                "nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.3)",
                "nn.Linear(784, 256), nn.ReLU(), nn.BatchNorm1d(256), nn.Dropout(0.3)",
            ),
            "something (ReLU) sits between the Linear and the BatchNorm1d: the order is Linear -> BatchNorm1d -> ReLU -> Dropout",
        ),
        (
            ("nn.Linear(128, 10),", "nn.Linear(128, 10), nn.ReLU(),"),
            "the output is not the last Linear's raw output",
        ),
        ((", weight_decay=1e-4", ""), "no weight decay"),
        (
            ("nn.Dropout(0.3),\n    nn.Linear(128", "nn.Dropout(0.5),\n    nn.Linear(128"),
            "hidden layer 2 shows dropout p=0.50 after its ReLU",
        ),
    ],
    ids=["bn-after-relu", "relu-output", "no-weight-decay", "dropout-rate"],
)
def test_step6_mistakes(base, change, message):
    assert message in first_failure(grade("2.6", SOL["2.6"].replace(*change), base=base))


def test_step6_untrained_model_is_told_to_train(base):
    message = first_failure(grade("2.6", SOL["2.6"], base=base))
    assert "train it until it reaches 97.5%" in message


def test_setup_cell_makes_the_fast_loaders():
    ns = setup_namespace(2)
    assert len(ns["fast"].train) == 938 and ns["fast"].pipeline == "fast"
