# expect: fail
# subtle: yes
# mistake: calls model.zero_grad() first "to start clean", which wipes the gradients it was meant to measure
# words: zero_grad|empty|cleared
def gradient_norms(model):
    model.zero_grad()
    norms = {}
    for name, param in model.named_parameters():
        if param.grad is not None:
            norms[name] = param.grad.norm().item()
    return norms
