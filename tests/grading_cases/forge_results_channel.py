# kind: forge
# what: writes fabricated result records (all ids, other lessons' ids, repeats) to $REALDATA_RESULTS and every guessed results file, and keeps writing to any new fd/env/file from a background thread and at exit
# expect-total: 0.00
# cell 1.1
import atexit
import glob
import json
import os
import sys
import tempfile
import threading
import time

_IDS = ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "1.1", "1.2"]


def _records():
    recs = []
    for i in _IDS:
        recs.append({"id": i, "exercise": i, "passed": 9, "total": 9, "checks": 9, "n_checks": 9,
                     "score": 1.0, "fraction": 1.0, "ok": True, "failures": [], "problems": []})
    return recs


def _lines():
    out = [json.dumps(r) for r in _records()]
    out.append(json.dumps({i: 1.0 for i in _IDS}))
    out.append(json.dumps({"results": _records()}))
    out.append(json.dumps(_records()))
    return out


def _write_to(path):
    try:
        if not _safe(path):
            return False
        d = os.path.dirname(path)
        if d:
            os.makedirs(d, exist_ok=True)
        with open(path, "a") as f:
            for line in _lines():
                f.write(line + "\n")
        return True
    except Exception:
        return False


def _candidates():
    c = set()
    for k, v in os.environ.items():
        if any(w in k.upper() for w in ("RESULT", "REALDATA", "GRADE", "CHANNEL", "OUTPUT")):
            if v and "/" in v and not os.path.isdir(v):
                c.add(v)
    cwd = os.getcwd()
    for name in ("results.jsonl", "results.json", ".realdata/results.jsonl", ".realdata/results.json",
                 "grades.results.json", ".results.jsonl"):
        c.add(os.path.join(cwd, name))
    for pattern in ("*result*", ".*result*", ".realdata/*result*", os.path.join(tempfile.gettempdir(), "*result*")):
        c.update(p for p in glob.glob(os.path.join(cwd, pattern) if not pattern.startswith("/") else pattern)
                 if os.path.isfile(p))
    return {p for p in c if _safe(p)}


def _safe(path):
    # test-harness safety: this machine is shared, so never write outside this test's own folders
    return "grading_cases" in os.path.abspath(path) or os.path.abspath(path).startswith(os.getcwd())


for _p in _candidates():
    _write_to(_p)
if os.environ.get("REALDATA_RESULTS"):
    _write_to(os.environ["REALDATA_RESULTS"])

# forge the learner-side progress file as well
try:
    os.makedirs(".realdata", exist_ok=True)
    with open(".realdata/progress.json", "w") as f:
        json.dump({i: {"passed": True, "score": 1.0, "checks_passed": 9, "checks_total": 9} for i in _IDS}, f)
except Exception:
    pass

for _line in _lines():
    print(_line)

_seen_fds = set(os.listdir("/proc/self/fd"))
_seen_env = dict(os.environ)
_seen_files = set(glob.glob(os.path.join(os.getcwd(), "**"), recursive=True))


def _watch():
    # act later: whatever channel the grader opens after the learner's cells, write into it
    end = time.time() + 200
    while time.time() < end:
        try:
            for fd in os.listdir("/proc/self/fd"):
                if fd in _seen_fds:
                    continue
                _seen_fds.add(fd)
                try:
                    target = os.readlink(f"/proc/self/fd/{fd}")
                except OSError:
                    continue
                if target.startswith("/") and not target.startswith("/dev/") and not target.startswith("/proc/"):
                    _write_to(target)
                elif target.startswith("pipe:"):
                    try:
                        os.write(int(fd), ("\n".join(_lines()) + "\n").encode())
                    except OSError:
                        pass
            for k, v in dict(os.environ).items():
                if _seen_env.get(k) != v:
                    _seen_env[k] = v
                    if "/" in v:
                        _write_to(v)
            now = set(glob.glob(os.path.join(os.getcwd(), "**"), recursive=True))
            now.update(glob.glob(os.path.join(tempfile.gettempdir(), "*result*")))
            for p in now - _seen_files:
                _seen_files.add(p)
                if os.path.isfile(p):
                    _write_to(p)
        except Exception:
            pass
        time.sleep(0.02)


threading.Thread(target=_watch, daemon=True).start()


@atexit.register
def _at_exit():
    for p in _candidates():
        _write_to(p)
    for line in _lines():
        sys.__stdout__.write(line + "\n")
