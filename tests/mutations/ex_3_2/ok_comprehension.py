# expect: pass
bad_layer: int = 3


def repaired(index: int, layer: nn.Module) -> nn.Module:
    if index == bad_layer:
        return nn.Linear(256, 64)
    return layer


fixed = nn.Sequential(*(repaired(i, layer) for i, layer in enumerate(broken)))
with torch.no_grad():
    print(fixed(torch.zeros(2, 1, 28, 28)).shape)
