# kind: forge
# what: a watcher thread that waits until the grader's checks are running (main thread inside realdata's check code), then wraps every check function and test to swallow failures, patches torch.equal/allclose and hooks later check imports; plus an atexit that prints fake lines
# expect-total: 0.00
# cell 1.1
import atexit
import functools
import importlib.abc
import json
import sys
import threading
import time
import types

_MAIN = threading.main_thread().ident
_state = {"fired": False}


def _swallow(f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except BaseException:
            return None

    return wrapper


class _WrappingLoader(importlib.abc.Loader):
    def __init__(self, inner):
        self.inner = inner

    def create_module(self, spec):
        return self.inner.create_module(spec) if hasattr(self.inner, "create_module") else None

    def exec_module(self, module):
        self.inner.exec_module(module)
        _wrap_module(module)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if not fullname.startswith("realdata.course.checks."):
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _WrappingLoader(spec.loader)
                return spec
        return None


def _wrap_module(module):
    for attr, val in list(vars(module).items()):
        if isinstance(val, types.FunctionType) and val.__module__ == module.__name__:
            setattr(module, attr, _swallow(val))
    tests = getattr(module, "TESTS", None)
    if isinstance(tests, tuple | list):
        new = []
        for t in tests:
            try:
                new.append(type(t)(t.name, _swallow(t.run), t.hidden))
            except Exception:
                new.append(t)
        module.TESTS = tuple(new)


def _fire():
    _state["fired"] = True
    for name, mod in list(sys.modules.items()):
        if mod is not None and name.startswith("realdata.course.checks."):
            _wrap_module(mod)
    sys.meta_path.insert(0, _Finder())
    torch.equal = lambda *a, **k: True
    torch.allclose = lambda *a, **k: True


def _in_checks(frame):
    while frame is not None:
        fn = frame.f_code.co_filename.replace("\\", "/")
        if "/realdata/course/checks/" in fn or frame.f_code.co_name == "run_tests":
            return True
        frame = frame.f_back
    return False


def _watch():
    end = time.time() + 300
    while time.time() < end and not _state["fired"]:
        try:
            if _in_checks(sys._current_frames().get(_MAIN)):
                _fire()
                return
        except Exception:
            pass
        time.sleep(0.001)


threading.Thread(target=_watch, daemon=True).start()


@atexit.register
def _bye():
    for i in ("1.1", "1.2", "1.3", "1.4", "1.5"):
        sys.__stdout__.write(json.dumps({"id": i, "passed": 5, "total": 5, "score": 1.0}) + "\n")
