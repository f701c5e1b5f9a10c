# expect: pass
import copy

# summary(broken, input_size=(64, 1, 28, 28)) fails with "64x256 and 128x64":
# the Linear at index 3 expects 128 features but receives 256.
bad_layer = 3
fixed = copy.deepcopy(broken)
fixed[bad_layer] = nn.Linear(256, 64)
