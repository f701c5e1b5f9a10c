# expect: fail
# subtle: yes
# mistake: only weight parameters are reported; the biases are skipped
# words: bias
def gradient_norms(model):
    norms = {}
    for name, p in model.named_parameters():
        if p.grad is not None and "weight" in name:
            norms[name] = p.grad.norm().item()
    return norms
