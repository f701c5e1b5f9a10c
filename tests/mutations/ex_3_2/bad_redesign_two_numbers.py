# expect: fail
# subtle: yes
# mistake: changes two numbers (hidden sizes 256->128->10) instead of putting the one wrong number right; the 64-unit layer is gone
# words: 64|one|number
bad_layer = 3
fixed = nn.Sequential(
    nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)
)
