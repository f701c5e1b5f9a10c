# expect: fail
# subtle: yes
# mistake: the values are 0-d tensors (param.grad.norm()), not floats
# words: float|tensor|item
def gradient_norms(model):
    return {name: p.grad.norm() for name, p in model.named_parameters() if p.grad is not None}
