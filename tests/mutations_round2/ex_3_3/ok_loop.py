# expect: pass
def gradient_norms(model):
    norms = {}
    for name, param in model.named_parameters():
        if param.grad is None:  # frozen: no gradient
            continue
        norms[name] = float(torch.linalg.vector_norm(param.grad))
    return norms
