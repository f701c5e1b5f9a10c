# expect: fail
# subtle: yes
# mistake: a LogSoftmax after the last layer: outputs are log-probabilities, not raw logits
# words: logsoftmax|logits|activation|last
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),
    nn.ReLU(),
    nn.Linear(128, 10),
    nn.LogSoftmax(dim=1),
)
