# expect: fail
# subtle: no
# mistake: iterations_per_epoch returns the float n / b (e.g. 937.5) instead of a whole number of batches
# words: whole|integer|ceil|937.5
def iterations_per_epoch(n_samples, batch_size):
    return n_samples / batch_size


def last_batch_size(n_samples, batch_size):
    return n_samples - (math.ceil(n_samples / batch_size) - 1) * batch_size


def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    updates = 0
    for _ in range(epochs):
        for _batch in loader:
            updates += 1
    return updates
