# expect: fail
# subtle: yes
# mistake: iterations_per_epoch uses floor division n // b, forgetting the smaller last batch when n is not a multiple of b
# words: last batch|ceil|round up|partial
def iterations_per_epoch(n_samples, batch_size):
    return n_samples // batch_size


def last_batch_size(n_samples, batch_size):
    return n_samples - (math.ceil(n_samples / batch_size) - 1) * batch_size


def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    updates = 0
    for _ in range(epochs):
        for _batch in loader:
            updates += 1
    return updates
