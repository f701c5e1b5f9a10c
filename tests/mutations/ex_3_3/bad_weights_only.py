# expect: fail
# subtle: yes
# mistake: walks the modules and records only each layer's weight gradient, so the biases are missing
# words: bias|missing
def gradient_norms(model):
    norms = {}
    for name, module in model.named_modules():
        weight = getattr(module, "weight", None)
        if isinstance(weight, torch.nn.Parameter) and weight.grad is not None:
            norms[f"{name}.weight"] = weight.grad.norm().item()
    return norms
