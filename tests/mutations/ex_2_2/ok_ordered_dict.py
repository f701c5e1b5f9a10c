# expect: pass
from collections import OrderedDict

model = nn.Sequential(
    OrderedDict(
        [
            ("flatten", nn.Flatten(start_dim=1)),
            ("hidden1", nn.Linear(in_features=784, out_features=256, bias=True)),
            ("relu1", nn.ReLU(inplace=True)),
            ("hidden2", nn.Linear(in_features=256, out_features=128)),
            ("relu2", nn.ReLU()),
            ("logits", nn.Linear(in_features=128, out_features=10)),
        ]
    )
)
n_params = sum(p.numel() for p in model.parameters())
print(f"{n_params:,} parameters")
