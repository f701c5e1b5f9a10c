# expect: fail
# subtle: yes
# mistake: uses the L1 norm (sum of absolute values) instead of the L2 norm of the gradient
# words: l1|l2|norm|abs
def gradient_norms(model):
    return {name: p.grad.abs().sum().item() for name, p in model.named_parameters() if p.grad is not None}
