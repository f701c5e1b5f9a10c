# expect: fail
# subtle: yes
# mistake: count_updates ignores its batch_size argument and always builds batches of 64
# words: batch_size|64|argument|ignored
def iterations_per_epoch(n_samples, batch_size):
    return math.ceil(n_samples / batch_size)


def last_batch_size(n_samples, batch_size):
    return n_samples - (math.ceil(n_samples / batch_size) - 1) * batch_size


def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=64, shuffle=True)
    updates = 0
    for _ in range(epochs):
        for _batch in loader:
            updates += 1
    return updates
