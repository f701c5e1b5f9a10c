# expect: fail
# subtle: yes
# mistake: count_updates ignores its batch_size argument and always batches by 64
# words: batch_size|64|argument
def iterations_per_epoch(n_samples, batch_size):
    return math.ceil(n_samples / batch_size)


def last_batch_size(n_samples, batch_size):
    remainder = n_samples % batch_size
    return remainder if remainder else batch_size


def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=64, shuffle=True)
    updates = 0
    for _ in range(epochs):
        for _ in loader:
            updates += 1
    return updates
