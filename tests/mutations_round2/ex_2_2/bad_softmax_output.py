# expect: fail
# subtle: yes
# mistake: a Softmax after the last layer: the model outputs probabilities, not raw logits
# words: softmax|logits|activation|last
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),
    nn.ReLU(),
    nn.Linear(128, 10),
    nn.Softmax(dim=1),
)
