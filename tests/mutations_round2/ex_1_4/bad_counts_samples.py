# expect: fail
# subtle: no
# mistake: count_updates adds the number of samples in each batch instead of 1 per batch
# words: batches|samples|updates
def iterations_per_epoch(n_samples, batch_size):
    return math.ceil(n_samples / batch_size)


def last_batch_size(n_samples, batch_size):
    return n_samples - (math.ceil(n_samples / batch_size) - 1) * batch_size


def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    updates = 0
    for _ in range(epochs):
        for x, y in loader:
            updates += len(x)
    return updates
