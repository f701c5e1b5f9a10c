import pytest
import torch
from torch import nn
from torchinfo import summary

from realdata.models import ImprovedMLP, SimpleMLP, count_parameters


def test_simple_mlp_has_exactly_235146_parameters():
    model = SimpleMLP()
    assert count_parameters(model) == 235_146
    assert count_parameters(model) == (784 * 256 + 256) + (256 * 128 + 128) + (128 * 10 + 10)
    # torchinfo, the lesson's X-ray, agrees
    assert summary(model, input_size=(1, 1, 28, 28), verbose=0).trainable_params == 235_146


@pytest.mark.parametrize("cls", [SimpleMLP, ImprovedMLP])
def test_outputs_one_logit_per_class(cls):
    model = cls().eval()
    out = model(torch.randn(5, 1, 28, 28))
    assert out.shape == (5, 10)
    # raw logits: no softmax (rows do not sum to 1) and no ReLU (negatives survive)
    assert not torch.allclose(out.sum(dim=1), torch.ones(5))
    assert (out < 0).any()


def test_simple_mlp_output_layer_is_plain_linear():
    layers = list(SimpleMLP().net)
    assert isinstance(layers[0], nn.Flatten)
    assert isinstance(layers[-1], nn.Linear) and layers[-1].out_features == 10


def test_improved_mlp_layer_order():
    kinds = [type(m).__name__ for m in ImprovedMLP().net]
    hidden = ["Linear", "BatchNorm1d", "ReLU", "Dropout"]
    assert kinds == ["Flatten", *hidden, *hidden, "Linear"]
    dropouts = [m.p for m in ImprovedMLP().net if isinstance(m, nn.Dropout)]
    assert dropouts == [0.3, 0.3]


def test_eval_mode_makes_the_improved_model_deterministic():
    torch.manual_seed(0)
    model = ImprovedMLP()
    x = torch.randn(32, 1, 28, 28)
    model.train()
    assert not torch.equal(model(x), model(x))  # dropout draws new masks each call
    model.eval()
    with torch.no_grad():
        assert torch.equal(model(x), model(x))
        # in eval mode one sample's output does not depend on the rest of the batch
        assert torch.allclose(model(x[:1]), model(x)[:1], atol=1e-6)
