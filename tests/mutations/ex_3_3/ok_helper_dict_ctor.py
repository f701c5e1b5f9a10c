# expect: pass
def _grad_norm(param):
    return param.grad.detach().double().norm(p=2).item()


def gradient_norms(model):
    with_grad = ((name, param) for name, param in model.named_parameters() if param.grad is not None)
    return dict((name, _grad_norm(param)) for name, param in with_grad)
