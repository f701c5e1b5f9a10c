# expect: fail
# subtle: yes
# mistake: sum of squared gradient entries without the square root (the squared norm)
# words: squared|sqrt|norm
def gradient_norms(model):
    norms = {}
    for name, param in model.named_parameters():
        if param.grad is not None:
            norms[name] = (param.grad**2).sum().item()
    return norms
