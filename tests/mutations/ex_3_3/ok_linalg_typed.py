# expect: pass
import torch
from torch import nn


def gradient_norms(model: nn.Module) -> dict[str, float]:
    """Name -> L2 norm of the gradient, for every parameter that has one."""
    result: dict[str, float] = {}
    for name, parameter in model.named_parameters():
        grad = parameter.grad
        if grad is None:  # frozen, or not reached by backward
            continue
        result[name] = float(torch.linalg.vector_norm(grad))
    return result
