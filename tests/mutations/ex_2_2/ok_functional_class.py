# expect: pass
import torch.nn.functional as F


class DigitClassifier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.flatten(x)  # [B, 784]
        x = F.relu(self.fc1(x))  # [B, 256]
        x = F.relu(self.fc2(x))  # [B, 128]
        return self.fc3(x)  # [B, 10] logits


model = DigitClassifier()
print(model)
