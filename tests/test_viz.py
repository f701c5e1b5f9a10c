import torch

from realdata import viz


def test_prediction_titles_are_green_when_right_and_red_when_wrong():
    images = torch.zeros(3, 1, 28, 28)
    labels = torch.tensor([1, 2, 3])
    logits = torch.full((3, 10), -5.0)
    logits[0, 1] = 5.0  # right, confident
    logits[1, 7] = 5.0  # wrong: says 7, is 2
    logits[2, 3] = 5.0  # right
    fig = viz.predictions_grid(images, labels, logits, cols=3)
    titles = [(ax.get_title(), ax.title.get_color()) for ax in fig.axes]
    assert titles == [("1 (100%)", "green"), ("7 (100%), is 2", "red"), ("3 (100%)", "green")]


def test_pick_predictions_finds_mistakes_first_rights_then_wrongs():
    class Constant(torch.nn.Module):
        def forward(self, x):  # always says "0"
            out = torch.zeros(len(x), 10)
            out[:, 0] = 1.0
            return out

    labels = torch.tensor([0, 5, 0, 0, 6, 0])
    loader = [(torch.zeros(6, 1, 28, 28), labels)]
    _, picked, logits = viz.pick_predictions(Constant(), loader, correct=2, wrong=2)
    assert picked.tolist() == [0, 0, 5, 6]
    assert logits.shape == (4, 10)
