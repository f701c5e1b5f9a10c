# expect: pass
import torch.nn.functional as F


class ImprovedMLP(nn.Module):
    def __init__(self, p: float = 0.3):
        super().__init__()
        self.p = p
        self.hidden = nn.ModuleList([nn.Linear(784, 256), nn.Linear(256, 128)])
        self.norms = nn.ModuleList([nn.BatchNorm1d(256), nn.BatchNorm1d(128)])
        self.head = nn.Linear(128, 10)

    def forward(self, x):
        x = x.reshape(x.shape[0], -1)
        for linear, norm in zip(self.hidden, self.norms):
            x = F.dropout(F.relu(norm(linear(x))), p=self.p, training=self.training)
        return self.head(x)


improved_model = ImprovedMLP()
improved_optimizer = torch.optim.Adam(params=improved_model.parameters(), weight_decay=1e-4, lr=1e-3)
