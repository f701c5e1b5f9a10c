# expect: pass
def gradient_norms(model):
    return {name: float(p.grad.norm()) for name, p in model.named_parameters() if p.grad is not None}
