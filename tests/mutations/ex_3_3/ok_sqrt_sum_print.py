# expect: pass
import math


def gradient_norms(model):
    norms = {}
    with torch.no_grad():
        for name, param in model.named_parameters():
            if param.grad is None:
                continue
            norms[name] = math.sqrt(param.grad.detach().pow(2).sum().item())
            print(f"{name:<12} {norms[name]:.2e}")
    return norms
