# expect: fail
# subtle: no
# mistake: returns a list of (name, norm) pairs instead of a dict
# words: dict|list
def gradient_norms(model):
    return [(name, p.grad.norm().item()) for name, p in model.named_parameters() if p.grad is not None]
