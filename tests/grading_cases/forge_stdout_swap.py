# kind: forge
# what: solves 1.1, then swaps sys.stdout for a wrapper that replays every line naming 1.1 as lines for 1.2-1.5
# expect-max-total: 1.00
# expect-problem: stdout
# cell 1.1
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x ** 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


import re
import sys

_PAT = re.compile(r"(?<![\d.])1\.1(?![\d])")


class _Replay:
    def __init__(self, inner):
        self._inner = inner
        self._buf = ""

    def write(self, s):
        n = self._inner.write(s)
        self._buf += s
        while "\n" in self._buf:
            line, self._buf = self._buf.split("\n", 1)
            if _PAT.search(line):
                self._inner.write(line + "\n")
                for other in ("1.2", "1.3", "1.4", "1.5"):
                    self._inner.write(_PAT.sub(other, line) + "\n")
        return n

    def flush(self):
        return self._inner.flush()

    def __getattr__(self, name):
        return getattr(self._inner, name)


sys.stdout = _Replay(sys.stdout)
