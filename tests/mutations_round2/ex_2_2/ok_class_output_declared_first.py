# expect: pass
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.out = nn.Linear(128, 10)  # declared first, used last
        self.hidden2 = nn.Linear(256, 128)
        self.hidden1 = nn.Linear(784, 256)
        self.flatten = nn.Flatten()

    def forward(self, x):
        x = self.flatten(x)
        x = torch.relu(self.hidden1(x))
        x = torch.relu(self.hidden2(x))
        return self.out(x)  # raw logits


model = MLP()
