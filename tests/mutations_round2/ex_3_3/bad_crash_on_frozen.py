# expect: fail
# subtle: no
# mistake: does not skip parameters without a gradient, so it crashes on frozen ones (None has no norm)
# words: none|frozen|grad
def gradient_norms(model):
    return {name: p.grad.norm().item() for name, p in model.named_parameters()}
