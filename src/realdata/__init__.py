"""realdata: learn to train neural networks on real data with PyTorch.

The library the lessons use: offline MNIST in torchvision's layout
(``realdata.data``), the two MNIST models (``realdata.models``), the training
loop (``realdata.training``), figures (``realdata.viz``) and the main job
(``realdata.run``).
"""

__version__ = "0.1.0"
