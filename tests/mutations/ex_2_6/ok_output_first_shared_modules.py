# expect: pass
class ImprovedNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.output = nn.Linear(128, 10)
        self.fc2 = nn.Linear(256, 128)
        self.bn2 = nn.BatchNorm1d(128)
        self.fc1 = nn.Linear(784, 256)
        self.bn1 = nn.BatchNorm1d(256)
        # ReLU and Dropout hold no weights, so one module of each can serve both hidden layers
        self.relu = nn.ReLU()
        self.dropout = nn.Dropout(p=0.3)
        self.flatten = nn.Flatten()

    def forward(self, x):
        x = self.flatten(x)
        x = self.dropout(self.relu(self.bn1(self.fc1(x))))
        x = self.dropout(self.relu(self.bn2(self.fc2(x))))
        return self.output(x)


improved_model = ImprovedNet()
improved_optimizer = optim.Adam(improved_model.parameters(), lr=0.001, weight_decay=0.0001)
