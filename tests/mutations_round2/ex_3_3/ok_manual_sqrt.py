# expect: pass
def gradient_norms(model):
    result = dict()
    with torch.no_grad():
        for name, p in model.named_parameters():
            g = p.grad
            if g is not None:
                result[name] = math.sqrt(g.double().pow(2).sum().item())
    return result
