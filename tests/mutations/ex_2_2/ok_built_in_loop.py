# expect: pass
sizes = [28 * 28, 256, 128, 10]
layers = [nn.Flatten()]
for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
    layers.append(nn.Linear(n_in, n_out))
    if i < len(sizes) - 2:  # a ReLU after every hidden layer, none after the output
        layers.append(nn.ReLU())
model = nn.Sequential(*layers)
