# expect: fail
# subtle: yes
# mistake: last_batch_size returns n % b, which is 0 when b divides n (the last batch is then a full batch)
# words: 0|full|remainder|divides
def iterations_per_epoch(n_samples, batch_size):
    return math.ceil(n_samples / batch_size)


def last_batch_size(n_samples, batch_size):
    return n_samples % batch_size


def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    updates = 0
    for _ in range(epochs):
        for _batch in loader:
            updates += 1
    return updates
