# expect: fail
# subtle: no
# mistake: keys are positions 0, 1, 2... from model.parameters() instead of the parameter names
# words: name|key
def gradient_norms(model):
    params = [p for p in model.parameters() if p.grad is not None]
    return {i: p.grad.norm().item() for i, p in enumerate(params)}
