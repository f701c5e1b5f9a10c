# expect: pass
bad_layer = 3
fixed = nn.Sequential()
fixed.append(nn.Flatten())
fixed.append(nn.Linear(28 * 28, 256))
fixed.append(nn.ReLU())
fixed.append(nn.Linear(256, 64))
fixed.append(nn.ReLU())
fixed.append(nn.Linear(64, 10))
