# expect: pass

# Push a batch through one layer at a time and stop where it breaks.
images, _ = next(iter(small_train_loader))
x = images
bad_layer = None
for index, layer in enumerate(broken):
    try:
        x = layer(x)
    except RuntimeError as error:
        print(f"layer {index} ({layer}) fails: {error}")
        bad_layer = index
        break

layers = list(broken)
incoming = broken[bad_layer - 2].out_features
layers[bad_layer] = nn.Linear(in_features=incoming, out_features=broken[bad_layer].out_features)
fixed = nn.Sequential(*layers)
