# expect: pass
images, _ = next(iter(small_train_loader))
batch = images[:32]  # 32 real MNIST images, [32, 1, 28, 28]
stats = summary(model, input_data=batch)
total_params = 109_386
hidden_output_shape = [32, 64]
