# expect: fail
# subtle: no
# mistake: no check for a missing gradient, so a frozen parameter (grad None) crashes with AttributeError
# words: none|frozen
def gradient_norms(model):
    norms = {}
    for name, param in model.named_parameters():
        norms[name] = param.grad.norm().item()
    return norms
