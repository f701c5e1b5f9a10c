# expect: fail
# subtle: yes
# mistake: iterations_per_epoch is n // b + 1, one too many when batch_size divides n_samples exactly
# words: divides|exact|ceil|+ 1
def iterations_per_epoch(n_samples, batch_size):
    return n_samples // batch_size + 1


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
