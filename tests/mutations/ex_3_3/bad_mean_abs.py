# expect: fail
# subtle: yes
# mistake: uses the mean absolute gradient instead of the norm
# words: norm|mean
def gradient_norms(model):
    norms = {}
    for name, param in model.named_parameters():
        if param.grad is not None:
            norms[name] = param.grad.abs().mean().item()
    return norms
