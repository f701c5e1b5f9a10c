# kind: forge
# what: imports every module of realdata.course.checks and rebinds each of its functions and its TESTS (tests whose run swallows every failure)
# expect-total: 0.00
# expect-problem: replaced
# cell 1.1
import functools
import importlib
import pkgutil
import sys
import types

import realdata.course.checks as _checks_pkg


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


for _info in pkgutil.walk_packages(_checks_pkg.__path__, _checks_pkg.__name__ + "."):
    try:
        importlib.import_module(_info.name)
    except Exception:
        pass

_wrapped = {}
for _name, _mod in list(sys.modules.items()):
    if _mod is None or not _name.startswith("realdata.course.checks"):
        continue
    for _attr, _val in list(vars(_mod).items()):
        if isinstance(_val, types.FunctionType) and getattr(_val, "__module__", "") == _name:
            _wrapped[_val] = _swallow(_val)
            setattr(_mod, _attr, _wrapped[_val])
    _wrap_tests(_mod)
for _name, _mod in list(sys.modules.items()):
    if _mod is None or not _name.startswith("realdata.course"):
        continue
    for _attr, _val in list(vars(_mod).items()):
        try:
            if isinstance(_val, list):
                for _i, _item in enumerate(_val):
                    if _item in _wrapped:
                        _val[_i] = _wrapped[_item]
                    elif isinstance(_item, tuple):
                        _val[_i] = tuple(_wrapped.get(x, x) if isinstance(x, types.FunctionType) else x for x in _item)
            elif isinstance(_val, dict):
                for _k, _v in list(_val.items()):
                    if isinstance(_v, types.FunctionType) and _v in _wrapped:
                        _val[_k] = _wrapped[_v]
                    elif isinstance(_v, list):
                        for _i, _item in enumerate(_v):
                            if isinstance(_item, types.FunctionType) and _item in _wrapped:
                                _v[_i] = _wrapped[_item]
        except Exception:
            pass
