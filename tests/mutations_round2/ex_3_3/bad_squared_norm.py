# expect: fail
# subtle: yes
# mistake: returns the sum of squared gradients (the squared norm) without the square root
# words: sqrt|square|norm
def gradient_norms(model):
    norms = {}
    for name, p in model.named_parameters():
        if p.grad is not None:
            norms[name] = (p.grad**2).sum().item()
    return norms
