# expect: fail
# subtle: yes
# mistake: the argument is ignored: the loop reads the notebook's global `model` instead of the model passed in
# words: argument|model|global
def gradient_norms(net):
    norms = {}
    for name, param in model.named_parameters():
        if param.grad is not None:
            norms[name] = param.grad.norm().item()
    return norms
