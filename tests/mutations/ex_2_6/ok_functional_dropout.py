# expect: pass
import torch.nn.functional as F


class RegularisedMLP(nn.Module):
    def __init__(self, p_drop: float = 0.3) -> None:
        super().__init__()
        self.p_drop = p_drop
        self.fc1, self.bn1 = nn.Linear(784, 256), nn.BatchNorm1d(256)
        self.fc2, self.bn2 = nn.Linear(256, 128), nn.BatchNorm1d(128)
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.flatten(start_dim=1)
        x = F.dropout(F.relu(self.bn1(self.fc1(x))), p=self.p_drop, training=self.training)
        x = F.dropout(F.relu(self.bn2(self.fc2(x))), p=self.p_drop, training=self.training)
        return self.fc3(x)


torch.manual_seed(0)
improved_model = RegularisedMLP()
improved_optimizer = optim.Adam(params=improved_model.parameters(), lr=1e-3, betas=(0.9, 0.999), weight_decay=1e-4)
print(f"{sum(p.numel() for p in improved_model.parameters()):,} parameters")
