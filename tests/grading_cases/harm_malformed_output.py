# kind: harm
# what: solves 1.1, then prints malformed, huge, deeply nested and binary "result" lines behind guessed tokens, writes them to $REALDATA_RESULTS, and replaces the results path and .realdata/progress.json by folders
# expect-score 1.1: 1.00
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


# cell 1.3
import json
import os
import shutil
import sys

_junk = [
    "{" * 100_000,
    "[" * 200_000 + "]" * 200_000,
    '{"id": "1.1", "passed": 1e999, "total": NaN, "score": Infinity}',
    json.dumps({"id": "1.2", "passed": "all", "total": [], "score": {"x": 1}}),
    json.dumps({"id": ["1.1"], "passed": -5, "total": 0}),
    json.dumps({"id": "1.3", "passed": 10**400, "total": 1}),
    json.dumps({"id": "9.9", "passed": 1, "total": 1}),
    "\x00\x01\x1b[2J\r\r\x7f\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    "1.1 " * 10_000,
]
_tokens = [v for v in os.environ.values() if 8 <= len(v) <= 100][:20] + ["", "RESULT", "@@realdata@@"]
for _tok in _tokens:
    for _j in _junk:
        print(_tok, _j[:20_000] if _tok else _j)
sys.stdout.flush()
try:
    os.write(1, b"\xff\xfe\xfa not utf-8 \x00\n" * 100)
    os.write(2, b"\xff\xfe\xfa not utf-8 \x00\n" * 100)
except OSError:
    pass

_path = os.environ.get("REALDATA_RESULTS")
if _path:
    try:
        with open(_path, "a") as f:
            for _j in _junk:
                f.write(_j + "\n")
        if os.path.isfile(_path):
            os.remove(_path)
        os.makedirs(_path, exist_ok=True)
    except OSError:
        pass
os.environ["REALDATA_RESULTS"] = os.getcwd()
try:
    os.makedirs(".realdata", exist_ok=True)
    if os.path.isfile(".realdata/progress.json"):
        os.remove(".realdata/progress.json")
    os.makedirs(".realdata/progress.json", exist_ok=True)
except OSError:
    pass
for _name in ("results.json", "results.jsonl"):
    try:
        if os.path.isfile(_name):
            os.remove(_name)
        os.makedirs(_name, exist_ok=True)
    except OSError:
        pass
