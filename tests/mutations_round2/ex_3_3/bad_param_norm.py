# expect: fail
# subtle: yes
# mistake: takes the norm of the parameter itself (p.norm()) instead of its gradient
# words: gradient|grad|parameter|weight
def gradient_norms(model):
    return {name: p.norm().item() for name, p in model.named_parameters() if p.grad is not None}
