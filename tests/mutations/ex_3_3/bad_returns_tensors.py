# expect: fail
# subtle: yes
# mistake: the values are 0-d tensors (param.grad.norm()), not floats
# words: float|tensor
def gradient_norms(model):
    norms = {}
    for name, param in model.named_parameters():
        if param.grad is not None:
            norms[name] = param.grad.norm()
    return norms
