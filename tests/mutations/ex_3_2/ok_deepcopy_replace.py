# expect: pass
import copy

bad_layer = 3
fixed = copy.deepcopy(broken)
fixed[bad_layer] = nn.Linear(256, 64)  # it received 256 features from Linear(784, 256)
print(summary(fixed, input_size=(64, 1, 28, 28), verbose=0))
