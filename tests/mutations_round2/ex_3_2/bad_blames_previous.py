# expect: fail
# subtle: yes
# mistake: bad_layer names the first Linear (index 1), whose output is fine, instead of the Linear at index 3 that expects 128 features
# words: 3|index|layer
bad_layer = 1
fixed = nn.Sequential(
    nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10)
)
