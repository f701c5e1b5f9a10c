# expect: pass
def iterations_per_epoch(n_samples: int, batch_size: int) -> int:
    # ceiling division without floats: exact for any size
    return -(-n_samples // batch_size)


def last_batch_size(n_samples: int, batch_size: int) -> int:
    remainder = n_samples % batch_size
    return remainder if remainder else batch_size


def count_updates(dataset, batch_size: int, epochs: int) -> int:
    loader = DataLoader(dataset, batch_size=batch_size)
    return sum(1 for _ in range(epochs) for _ in loader)
