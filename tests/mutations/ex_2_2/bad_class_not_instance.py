# expect: fail
# subtle: no
# mistake: model is the class itself, never instantiated (missing parentheses)
# words: instance|class|call|parentheses
class SimpleNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)
        )

    def forward(self, x):
        return self.net(x)


model = SimpleNet
