"""The two MNIST models of the mnist-project lesson.

Both are plain fully-connected networks. They know nothing of data or training:
they take a batch of images and return one raw score (a *logit*) per class.
There is no softmax at the end on purpose: ``nn.CrossEntropyLoss`` applies
log-softmax itself, and a second softmax would flatten the gradients.
"""

from __future__ import annotations

from torch import Tensor, nn

N_PIXELS = 28 * 28
N_CLASSES = 10


class SimpleMLP(nn.Module):
    """Flatten, 784 -> 256 -> 128 -> 10 with ReLU between layers.

    Parameters: (784*256 + 256) + (256*128 + 128) + (128*10 + 10) = 235,146.
    """

    def __init__(self, hidden: tuple[int, int] = (256, 128)) -> None:
        super().__init__()
        h1, h2 = hidden
        self.net = nn.Sequential(
            nn.Flatten(),  # [B, 1, 28, 28] -> [B, 784]
            nn.Linear(N_PIXELS, h1),
            nn.ReLU(),
            nn.Linear(h1, h2),
            nn.ReLU(),
            nn.Linear(h2, N_CLASSES),  # logits: no activation on the output
        )

    def forward(self, x: Tensor) -> Tensor:
        return self.net(x)  # [B, 1, 28, 28] -> [B, 10]


class ImprovedMLP(nn.Module):
    """The same shape, regularised: each hidden layer is Linear -> BatchNorm1d -> ReLU -> Dropout.

    BatchNorm uses batch statistics in ``model.train()`` and running averages in
    ``model.eval()``; Dropout silences a fraction ``dropout`` of activations only
    in ``model.train()``. The output layer stays a plain Linear.
    """

    def __init__(self, hidden: tuple[int, int] = (256, 128), dropout: float = 0.3) -> None:
        super().__init__()
        h1, h2 = hidden
        self.net = nn.Sequential(
            nn.Flatten(),  # [B, 1, 28, 28] -> [B, 784]
            nn.Linear(N_PIXELS, h1),
            nn.BatchNorm1d(h1),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(h1, h2),
            nn.BatchNorm1d(h2),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(h2, N_CLASSES),  # logits
        )

    def forward(self, x: Tensor) -> Tensor:
        return self.net(x)  # [B, 1, 28, 28] -> [B, 10]


MODELS: dict[str, type[nn.Module]] = {"simple": SimpleMLP, "improved": ImprovedMLP}


def count_parameters(model: nn.Module) -> int:
    """Number of trainable parameters (what torchinfo reports as 'Trainable params')."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
