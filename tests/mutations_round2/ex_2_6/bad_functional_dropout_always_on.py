# expect: fail
# subtle: yes
# mistake: F.dropout is called without training=self.training, so dropout stays on in eval mode too (F.dropout defaults to training=True)
# words: dropout|eval|training|mode
import torch.nn.functional as F


class ImprovedMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.bn1 = nn.Linear(784, 256), nn.BatchNorm1d(256)
        self.fc2, self.bn2 = nn.Linear(256, 128), nn.BatchNorm1d(128)
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        x = F.dropout(F.relu(self.bn1(self.fc1(x))), p=0.3)
        x = F.dropout(F.relu(self.bn2(self.fc2(x))), p=0.3)
        return self.fc3(x)


improved_model = ImprovedMLP()
improved_optimizer = optim.Adam(improved_model.parameters(), lr=1e-3, weight_decay=1e-4)
