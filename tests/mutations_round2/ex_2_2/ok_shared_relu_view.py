# expect: pass
class DigitNet(nn.Module):
    def __init__(self, sizes=(784, 256, 128, 10)):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        self.act = nn.ReLU()  # one module, reused after each hidden layer

    def forward(self, x):
        x = x.view(x.size(0), -1)  # flatten [B, 1, 28, 28] -> [B, 784]
        for layer in self.layers[:-1]:
            x = self.act(layer(x))
        return self.layers[-1](x)


model = DigitNet()
print(sum(p.numel() for p in model.parameters()), "parameters")
