# kind: forge
# what: drops realdata's check modules from sys.modules and installs a meta-path import hook that re-imports them with every function and test swallowing failures; also puts a fake realdata package, sitecustomize.py and usercustomize.py in the working folder and first on sys.path
# expect-total: 0.00
# cell 1.1
import functools
import importlib.abc
import importlib.machinery
import os
import sys
import textwrap
import types

import realdata


def _swallow(f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except BaseException:
            return None

    return wrapper


def _wrap_tests(module):
    tests = getattr(module, "TESTS", None)
    if isinstance(tests, tuple | list):
        new = []
        for t in tests:
            try:
                new.append(type(t)(t.name, _swallow(t.run), t.hidden))
            except Exception:
                new.append(t)
        module.TESTS = tuple(new)


class _WrappingLoader(importlib.abc.Loader):
    def __init__(self, inner):
        self.inner = inner

    def create_module(self, spec):
        return self.inner.create_module(spec) if hasattr(self.inner, "create_module") else None

    def exec_module(self, module):
        self.inner.exec_module(module)
        for attr, val in list(vars(module).items()):
            if isinstance(val, types.FunctionType) and val.__module__ == module.__name__:
                setattr(module, attr, _swallow(val))
        _wrap_tests(module)


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


sys.meta_path.insert(0, _Finder())
for _name in [n for n in sys.modules if n.startswith("realdata.course.checks.")]:
    del sys.modules[_name]
importlib.invalidate_caches()

# a fake realdata in the working folder, for any Python started here later
_real_init = os.path.abspath(realdata.__file__)
os.makedirs("realdata/course", exist_ok=True)
with open("realdata/__init__.py", "w") as f:
    f.write(textwrap.dedent(f"""
        import importlib.util, os, sys
        _spec = importlib.util.spec_from_file_location(
            "realdata", {_real_init!r}, submodule_search_locations=[os.path.dirname({_real_init!r})])
        _mod = importlib.util.module_from_spec(_spec)
        sys.modules["realdata"] = _mod
        _spec.loader.exec_module(_mod)
    """))
for _site in ("sitecustomize.py", "usercustomize.py"):
    with open(_site, "w") as f:
        f.write("import builtins\nbuiltins.all = lambda it: True\n")
sys.path.insert(0, os.getcwd())
