# kind: forge
# what: solves 1.1, then shadows print in the notebook namespace and swaps the namespace's __builtins__ for a copy whose print replays 1.1's lines as 1.2-1.5 (builtins module itself untouched)
# expect-max-total: 1.00
# cell 1.1
class SquaresDataset(Dataset):
    def __init__(self, n):
        self.x = torch.linspace(-1, 1, n).unsqueeze(1)
        self.y = self.x ** 2

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


import builtins as _b
import io as _io
import re as _re
import sys as _sys

_PAT = _re.compile(r"(?<![\d.])1\.1(?![\d])")
_real_print = _b.print


def print(*args, **kwargs):
    target = kwargs.pop("file", None)
    flush = kwargs.pop("flush", False)
    buf = _io.StringIO()
    _real_print(*args, file=buf, **{k: v for k, v in kwargs.items() if k in ("sep", "end")})
    text = buf.getvalue()
    for line in text.splitlines():
        if _PAT.search(line):
            text += line + "\n"
            for other in ("1.2", "1.3", "1.4", "1.5"):
                text += _PAT.sub(other, line) + "\n"
    out = target if target is not None else _sys.stdout
    out.write(text)
    if flush:
        out.flush()


_shadow = dict(vars(_b))
_shadow["print"] = print
__builtins__ = _shadow
