# kind: harm
# what: solves 1.1, then floods stdout and stderr for up to 8 seconds (up to ~200 MB, plus a 30 MB line with no newline); grading must still finish in time
# expect-max-total: 1.00
# expect-max-seconds: 120
# cell 1.1
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x ** 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


# cell 1.3
import sys
import time

_chunk = ("flood " * 170 + "\n") * 1000  # about 1 MB
_start = time.time()
_written = 0
while time.time() - _start < 8 and _written < 200:
    sys.stdout.write(_chunk)
    if _written % 10 == 0:
        sys.stderr.write(_chunk)
    _written += 1
sys.stdout.write("x" * 30_000_000)
sys.stdout.flush()
