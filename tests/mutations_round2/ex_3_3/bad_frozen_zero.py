# expect: fail
# subtle: yes
# mistake: frozen parameters are included with a norm of 0.0 instead of being left out
# words: frozen|left out|none|0.0
def gradient_norms(model):
    return {
        name: (p.grad.norm().item() if p.grad is not None else 0.0) for name, p in model.named_parameters()
    }
