# expect: fail
# subtle: yes
# mistake: only the in_features attribute is changed; the weight matrix is still 64x128, so the shapes still do not fit
# words: weight|128|256|shape
import copy

bad_layer = 3
fixed = copy.deepcopy(broken)
fixed[3].in_features = 256
