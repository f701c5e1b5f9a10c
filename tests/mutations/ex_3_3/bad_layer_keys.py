# expect: fail
# subtle: yes
# mistake: keys are the layer name only ("1" instead of "1.weight"/"1.bias"), so each bias overwrites its weight
# words: name|bias|key
def gradient_norms(model):
    norms = {}
    for name, param in model.named_parameters():
        if param.grad is not None:
            layer = name.split(".")[0]
            norms[layer] = param.grad.norm().item()
    return norms
