# expect: fail
# subtle: yes
# mistake: iterations_per_epoch rounds up with int(n / b + 0.99), which misses remainders smaller than 1% of a batch
# words: ceil|0.99|round|remainder
def iterations_per_epoch(n_samples, batch_size):
    return int(n_samples / batch_size + 0.99)


def last_batch_size(n_samples, batch_size):
    remainder = n_samples % batch_size
    return remainder if remainder else batch_size


def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    updates = 0
    for _ in range(epochs):
        for _ in loader:
            updates += 1
    return updates
