# expect: pass
batch_shape: tuple[int, ...] = (32, 1, 28, 28)
stats = summary(model, input_size=batch_shape, col_names=("output_size", "num_params"))
# Total params: 109,386 -- the same as counting the parameters by hand
total_params = sum(p.numel() for p in model.parameters())
hidden_output_shape = (32, 64)
