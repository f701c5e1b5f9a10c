# expect: pass
def gradient_norms(model: nn.Module) -> dict[str, float]:
    """Per-parameter L2 norm of the gradient, after loss.backward()."""
    return {
        name: param.grad.detach().norm(2).item()
        for name, param in model.named_parameters()
        if param.grad is not None
    }
