# expect: pass
def iterations_per_epoch(n_samples, batch_size):
    return len(range(0, n_samples, batch_size))  # one batch starts at each multiple of batch_size


def last_batch_size(n_samples, batch_size):
    sizes = [min(batch_size, n_samples - start) for start in range(0, n_samples, batch_size)]
    return sizes[-1]


def count_updates(dataset, batch_size, epochs):
    updates = []
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    for epoch in range(1, epochs + 1):
        for batch in loader:
            updates.append(epoch)  # one optimizer update would happen here
    return len(updates)
