# expect: pass
class MNISTNet(nn.Module):
    def __init__(self):
        super().__init__()
        # declared in any order; forward() decides the order they run in
        self.out = nn.Linear(128, 10)
        self.hidden2 = nn.Linear(256, 128)
        self.hidden1 = nn.Linear(784, 256)
        self.flat = nn.Flatten()
        self.act = nn.ReLU()  # one ReLU module, used after both hidden layers

    def forward(self, x):
        x = self.flat(x)
        x = self.act(self.hidden1(x))
        x = self.act(self.hidden2(x))
        return self.out(x)


model = MNISTNet()
