# expect: pass
def iterations_per_epoch(n_samples, batch_size):
    return -(-n_samples // batch_size)


def last_batch_size(n_samples, batch_size):
    remainder = n_samples % batch_size
    if remainder == 0:
        return batch_size
    return remainder


def count_updates(dataset, batch_size, epochs):
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=False)
    n_batches = 0
    for _ in range(epochs):
        n_batches_this_epoch = 0
        for n_batches_this_epoch, _batch in enumerate(loader, start=1):
            pass
        n_batches += n_batches_this_epoch
    return n_batches
