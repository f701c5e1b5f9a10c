# expect: fail
# subtle: yes
# mistake: a LogSoftmax after the last layer, so the output is log-probabilities, not raw logits
# words: logsoftmax|softmax|logits|activation
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)
        )

    def forward(self, x):
        return torch.log_softmax(self.body(x), dim=1)


model = Net()
