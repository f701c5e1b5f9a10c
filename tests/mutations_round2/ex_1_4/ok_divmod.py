# expect: pass
def iterations_per_epoch(n_samples, batch_size):
    full, rest = divmod(n_samples, batch_size)
    return full + (1 if rest > 0 else 0)


def last_batch_size(n_samples, batch_size):
    full, rest = divmod(n_samples, batch_size)
    return batch_size if rest == 0 else rest


def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    count = 0
    for epoch in range(epochs):
        for i, (x, y) in enumerate(loader):
            count += 1
    print(f"{count} updates in {epochs} epochs")
    return count
