# kind: forge
# what: rebinds run_tests and check in every realdata module (and in the notebook) to versions that grade the reference solutions instead of the learner's objects
# expect-total: 0.00
# expect-problem: replaced
# cell 1.1
import functools
import sys

import realdata.course.model as _model
import realdata.course.notebook as _nbmod
from realdata.course import registry as _registry

_orig_run_tests = _model.run_tests
_orig_check = _nbmod.check
_solved = {}
_base = dict(globals())


def _solved_ns(eid):
    if eid not in _solved:
        ns = dict(_base)
        try:
            exec(_registry.exercise(eid).solution, ns)
        except Exception:
            pass
        _solved[eid] = ns
    return _solved[eid]


def _fake_run_tests(exercise, *args, **kwargs):
    eid = getattr(exercise, "id", exercise)
    ns = _solved_ns(str(eid))
    if args:
        args = (ns,) + tuple(args[1:])
    else:
        for key in ("namespace", "ns", "user_ns", "env", "globals_"):
            if key in kwargs:
                kwargs[key] = ns
    return _orig_run_tests(exercise, *args, **kwargs)


functools.update_wrapper(_fake_run_tests, _orig_run_tests)


def _fake_check(exercise_id, *args, **kwargs):
    ip = get_ipython()
    user = ip.user_ns
    solved = _solved_ns(str(exercise_id))
    saved = {}
    for k, v in solved.items():
        if k not in _base or _base[k] is not v:
            saved[k] = user.get(k, _fake_check)
            user[k] = v
    try:
        return _orig_check(exercise_id, *args, **kwargs)
    finally:
        for k, v in saved.items():
            if v is _fake_check:
                user.pop(k, None)
            else:
                user[k] = v


functools.update_wrapper(_fake_check, _orig_check)

for _name, _mod in list(sys.modules.items()):
    if _mod is None or not _name.startswith("realdata"):
        continue
    for _attr, _val in list(vars(_mod).items()):
        try:
            if _val is _orig_run_tests:
                setattr(_mod, _attr, _fake_run_tests)
            elif _val is _orig_check:
                setattr(_mod, _attr, _fake_check)
        except Exception:
            pass
check = _fake_check
run_tests = _fake_run_tests
