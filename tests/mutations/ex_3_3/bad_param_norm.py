# expect: fail
# subtle: yes
# mistake: takes the norm of the parameter itself (its weights), not of its gradient
# words: grad|gradient|weight
def gradient_norms(model):
    norms = {}
    for name, param in model.named_parameters():
        if param.grad is not None:
            norms[name] = param.norm().item()
    return norms
