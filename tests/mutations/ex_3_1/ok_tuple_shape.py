# expect: pass
batch_shape: tuple[int, int, int, int] = (32, 1, 28, 28)
stats = summary(model, batch_shape, col_names=("output_size", "num_params"), verbose=1)
total_params: int = 109_386
hidden_output_shape = (32, 64)
