# expect: pass
def iterations_per_epoch(n_samples: int, batch_size: int) -> int:
    full, rest = divmod(n_samples, batch_size)
    return full + (1 if rest else 0)


def last_batch_size(n_samples: int, batch_size: int) -> int:
    rest = n_samples % batch_size
    return rest if rest != 0 else batch_size  # an exact fit ends on a full batch


def count_updates(dataset, batch_size: int, epochs: int) -> int:
    loader = DataLoader(dataset, batch_size=batch_size)
    return sum(sum(1 for _ in loader) for _ in range(epochs))
