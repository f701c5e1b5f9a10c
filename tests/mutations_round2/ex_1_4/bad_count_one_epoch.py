# expect: fail
# subtle: yes
# mistake: count_updates loops over the loader once and ignores epochs
# words: epochs|epoch|one
def iterations_per_epoch(n_samples, batch_size):
    return math.ceil(n_samples / batch_size)


def last_batch_size(n_samples, batch_size):
    return n_samples - (math.ceil(n_samples / batch_size) - 1) * batch_size


def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    updates = 0
    for _batch in loader:
        updates += 1
    return updates
