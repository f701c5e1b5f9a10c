# expect: pass
from collections import OrderedDict

model = nn.Sequential(
    OrderedDict(
        [
            ("flatten", nn.Flatten(start_dim=1)),
            ("fc1", nn.Linear(28 * 28, 256)),
            ("relu1", nn.ReLU(inplace=True)),
            ("fc2", nn.Linear(256, 128)),
            ("relu2", nn.ReLU(inplace=True)),
            ("logits", nn.Linear(128, 10)),
        ]
    )
)
