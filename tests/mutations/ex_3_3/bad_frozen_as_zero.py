# expect: fail
# subtle: yes
# mistake: frozen parameters (no gradient) are kept with a norm of 0.0 instead of being left out
# words: frozen|left out|none
def gradient_norms(model):
    norms = {}
    for name, param in model.named_parameters():
        norms[name] = param.grad.norm().item() if param.grad is not None else 0.0
    return norms
