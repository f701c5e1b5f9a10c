# expect: fail
# subtle: yes
# mistake: a Softmax after the last layer, so the model outputs probabilities instead of raw logits
# words: softmax|logits|activation|probabilities
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 128),
    nn.ReLU(),
    nn.Linear(128, 10),
    nn.Softmax(dim=1),
)
