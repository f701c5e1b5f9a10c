# expect: pass
def iterations_per_epoch(n_samples, batch_size):
    return (n_samples + batch_size - 1) // batch_size  # integer ceiling, no floats


def last_batch_size(n_samples, batch_size):
    return (n_samples - 1) % batch_size + 1


def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    count = 0
    epoch = 0
    while epoch < epochs:
        for _ in loader:
            count += 1
        epoch += 1
    print(f"{count} updates in {epochs} epochs")
    return count
