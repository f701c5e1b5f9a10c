# expect: fail
# subtle: no
# mistake: count_updates adds up the samples in each batch instead of counting the batches
# words: samples|batches|len
def iterations_per_epoch(n_samples, batch_size):
    return math.ceil(n_samples / batch_size)


def last_batch_size(n_samples, batch_size):
    remainder = n_samples % batch_size
    return remainder if remainder else batch_size


def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    updates = 0
    for _ in range(epochs):
        for x_batch, y_batch in loader:
            updates += len(x_batch)
    return updates
