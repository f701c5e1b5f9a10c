# kind: forge
# what: replaces the __code__ of every function in realdata's check modules by a do-nothing body, in place (no name is rebound, identities unchanged)
# expect-total: 0.00
# cell 1.1
import importlib
import pkgutil
import sys
import types

import realdata.course.checks as _checks_pkg

for _info in pkgutil.walk_packages(_checks_pkg.__path__, _checks_pkg.__name__ + "."):
    try:
        importlib.import_module(_info.name)
    except Exception:
        pass


def _nothing(*args, **kwargs):
    return None


_swapped = 0
for _name, _mod in list(sys.modules.items()):
    if _mod is None or not _name.startswith("realdata.course.checks."):
        continue
    for _attr, _val in list(vars(_mod).items()):
        if isinstance(_val, types.FunctionType) and _val.__module__ == _name and not _val.__closure__:
            try:
                _val.__code__ = _nothing.__code__.replace(co_name=_val.__code__.co_name,
                                                          co_qualname=_val.__code__.co_qualname)
                _val.__defaults__ = None
                _val.__kwdefaults__ = None
                _swapped += 1
            except Exception:
                pass
print("swapped", _swapped)
