# expect: pass
class ImprovedNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.bn1 = nn.Linear(784, 256), nn.BatchNorm1d(256)
        self.fc2, self.bn2 = nn.Linear(256, 128), nn.BatchNorm1d(128)
        self.out = nn.Linear(128, 10)
        self.relu = nn.ReLU()  # stateless: one module serves both hidden layers
        self.drop = nn.Dropout(p=0.3)

    def forward(self, x):
        x = x.flatten(start_dim=1)
        x = self.drop(self.relu(self.bn1(self.fc1(x))))
        x = self.drop(self.relu(self.bn2(self.fc2(x))))
        return self.out(x)


improved_model = ImprovedNet()
improved_optimizer = optim.Adam(improved_model.parameters(), lr=0.001, weight_decay=0.0001)
