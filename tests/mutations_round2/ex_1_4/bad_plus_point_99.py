# expect: fail
# subtle: yes
# mistake: rounds up with int(n / b + 0.99), which misses the last batch when it holds less than 1% of a batch (e.g. 1001 samples in batches of 1000)
# words: ceil|round|0.99|last batch
def iterations_per_epoch(n_samples, batch_size):
    return int(n_samples / batch_size + 0.99)


def last_batch_size(n_samples, batch_size):
    return n_samples - (math.ceil(n_samples / batch_size) - 1) * batch_size


def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    updates = 0
    for _ in range(epochs):
        for _batch in loader:
            updates += 1
    return updates
