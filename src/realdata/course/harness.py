"""How the grader gets results that learner code cannot forge, and how it notices a tampered kernel.

The checks run in the learner's kernel (as in nbgrader and otter-grader): they need the learner's live
objects. So the grader does not trust anything the notebook's own cells write or print. After the last
learner cell has run, it executes one more cell of its own, which the notebook never contained:

1. it looks for tampering with the usual routes: realdata's functions rebound, ``torch.equal`` and
   friends or Python's builtins replaced, ``sys.stdout`` swapped, IPython execution hooks added;
2. it runs the checks (hidden ones included when grading) for the exercises the notebook holds;
3. it prints one line ``<nonce> <json>``; the nonce is drawn by the grader for this run only and first
   appears in the grader's cells, after every learner cell has run, so no learner cell could know it.

There is one such cell per exercise, so that a check that loops forever costs that exercise alone.

The grader keeps only lines with its nonce, validates each record (known exercise of this notebook, at
most one per exercise, the expected shape), and reports tampering in the row's problems. What this does
not stop: code that, once it has run, rewrites the kernel in ways these checks do not look at. The README
states the threat model; high-stakes grading belongs in a container per notebook.
"""

from __future__ import annotations

import builtins
import json
import secrets
import sys
from typing import Any

#: builtins the checks rely on: each must still be the interpreter's own
BUILTINS = (
    "abs", "all", "any", "bool", "callable", "dict", "enumerate", "float", "getattr", "hasattr", "int",
    "isinstance", "issubclass", "len", "list", "max", "min", "next", "open", "print", "range", "repr",
    "round", "set", "sorted", "str", "sum", "tuple", "type", "zip",
)  # fmt: skip
#: torch functions the checks compare with: each must still be torch's compiled function
TORCH_FUNCTIONS = ("equal", "allclose", "isclose", "argmax", "softmax", "tensor")
#: IPython events a learner could hook to see or rewrite the grader's cell
EVENTS = ("pre_execute", "pre_run_cell", "post_execute", "post_run_cell")
_SAFE_HOOK_MODULES = ("IPython", "ipykernel", "matplotlib", "matplotlib_inline")

STATUSES = {"passed", "failed", "skipped"}


def new_nonce() -> str:
    return "realdata-" + secrets.token_hex(16)


def tampering() -> list[str]:
    """What has been changed in this interpreter that the checks depend on (empty: nothing seen)."""
    problems: list[str] = []
    for name, module in list(sys.modules.items()):
        if name == "realdata" or name.startswith("realdata."):
            for attr, value in list(vars(module).items()):
                if _learner_code(value) or _foreign(name, attr, value):
                    problems.append(f"{name}.{attr} was replaced: check functions were replaced")
    for name in BUILTINS:
        value = getattr(builtins, name, None)
        # attribute lookups only: isinstance or type themselves may be the ones replaced
        if value.__class__.__name__ not in ("builtin_function_or_method", "type"):
            problems.append(f"builtins.{name} was replaced")
    torch = sys.modules.get("torch")
    if torch is not None:
        for name in TORCH_FUNCTIONS:
            if _learner_code(getattr(torch, name, None)):
                problems.append(f"torch.{name} was replaced")
    main = sys.modules.get("__main__")
    namespace_builtins = getattr(main, "__builtins__", builtins) if main is not None else builtins
    if namespace_builtins is not builtins and namespace_builtins is not vars(builtins):
        problems.append("the notebook's __builtins__ was replaced")
    problems += _hooks()
    return problems


def _foreign(module_name: str, attr: str, value: Any) -> bool:
    """A stand-in that is not a function: a submodule swapped for another object, or an object of a class
    written in the notebook (a callable instance, say) where realdata keeps its own."""
    submodule = sys.modules.get(f"{module_name}.{attr}")
    if submodule is not None and value is not submodule:
        return True
    cls = value.__class__
    if cls.__module__ == "__main__" or _learner_code(vars(cls).get("__call__")):
        return True
    return cls.__name__ == "SimpleNamespace" and attr in (
        "harness",
        "model",
        "registry",
        "notebook",
        "checks",
    )


def _learner_code(value: Any) -> bool:
    """A function compiled from a notebook cell or a string (not from a file of an installed package)."""
    code = getattr(value, "__code__", None) or getattr(getattr(value, "__func__", None), "__code__", None)
    if code is None:
        return False
    filename = code.co_filename.replace("\\", "/")
    return filename.startswith("<") or "/ipykernel_" in filename or not filename.endswith(".py")


def _hooks() -> list[str]:
    problems = []
    stdout = type(sys.stdout)
    if "ipykernel" in sys.modules and not stdout.__module__.startswith("ipykernel"):
        problems.append(f"sys.stdout was replaced (by a {stdout.__name__})")
    try:
        shell = sys.modules["IPython"].get_ipython()  # type: ignore[attr-defined]
    except (KeyError, AttributeError):
        return problems
    if shell is None:
        return problems
    # input and AST transformers see (and may rewrite) every later cell's source, the grader's included
    transformers = [
        *getattr(shell, "input_transformers_cleanup", []),
        *getattr(shell, "input_transformers_post", []),
        *getattr(shell, "ast_transformers", []),
    ]
    for t in transformers:
        module = str(getattr(t, "__module__", "") or getattr(type(t), "__module__", ""))
        if not module.startswith(_SAFE_HOOK_MODULES):
            problems.append(
                f"an IPython input transformer was added ({getattr(t, '__name__', type(t).__name__)!r})"
            )
    for event in EVENTS:
        for callback in shell.events.callbacks.get(event, []):
            module = str(getattr(callback, "__module__", "") or "")
            if not module.startswith(_SAFE_HOOK_MODULES):
                problems.append(
                    f"an IPython '{event}' hook was added ({getattr(callback, '__name__', callback)!r})"
                )
    return problems


# The site's warm kernel (realdata.site.kernel): the namespace an exercise's attempts start from.
# Names are restored, objects are not copied: what the setup cells built is shared, as in a notebook.
SNAPSHOT_CELL = "import realdata.course.harness as _rd_h; _rd_h.snapshot(globals()); del _rd_h\n"
RESTORE_CELL = "import realdata.course.harness as _rd_h; _rd_h.restore(globals())\n"
_snapshot: dict[str, Any] = {}


def snapshot(namespace: dict[str, Any]) -> None:
    _snapshot.clear()
    _snapshot.update(namespace)


def restore(namespace: dict[str, Any]) -> None:
    namespace.clear()
    namespace.update(_snapshot)


def prelude_cell(modules: list[str]) -> str:
    """The grader's first cell: import the grader's own modules and these check modules, and bind nothing.

    Importing them here, not in the grader's cells, keeps their cost (torch, torchvision) out of the
    time limit of the cells that run the learner's code. Importing early changes no check: ``tampering``
    looks at these modules' contents when the checks run, and a learner cell could import them anyway.
    """
    names = ["realdata.course.harness", "realdata.course.model", "realdata.course.registry", *modules]
    return (
        "def _realdata_prelude():\n"
        "    import importlib\n"
        f"    for name in {names!r}:\n"
        "        importlib.import_module(name)\n"
        "_realdata_prelude()\n"
        "del _realdata_prelude\n"
    )


def grader_cell(nonce: str, exercise_id: str, hidden: bool, *, record: bool = False) -> str:
    """The code of one of the grader's own cells, run in the learner's kernel after every learner cell.

    It prints one line: the nonce, then ``{"results": [the exercise's record], "problems": [...],
    "tampered": bool}``; ``tampered`` says that ``tampering()`` found something, so that no result of this
    notebook is trusted.
    With ``record``, the result is also saved to the learner's progress (a learner checking their work).
    """
    return (
        "def _realdata_grade():\n"
        "    import sys\n"
        "    import realdata.course.harness, realdata.course.model, realdata.course.registry\n"
        "    harness = sys.modules['realdata.course.harness']  # the modules themselves, not names a cell rebound\n"
        "    run_tests = sys.modules['realdata.course.model'].run_tests\n"
        "    registry = sys.modules['realdata.course.registry']\n"
        "    tampered = harness.tampering()\n"
        "    problems = list(tampered)\n"
        "    results = []\n"
        "    try:\n"
        f"        exercise = registry.exercise({exercise_id!r})\n"
        f"        result = run_tests(exercise, vars(sys.modules['__main__']), hidden={hidden!r})\n"
        "        results.append(result.to_dict())\n"
        f"        if {record!r}:\n"
        "            harness.record(result)\n"
        "    except Exception as exc:  # a check that cannot run is a problem of this row, not of the batch\n"
        f"        problems.append('{exercise_id}: the checks could not run (' + type(exc).__name__ + ')')\n"
        "    later = [p for p in harness.tampering() if p not in problems]  # a thread may act while checks run\n"
        "    tampered = tampered or later\n"
        "    problems += later\n"
        f"    harness.emit({nonce!r}, {{'results': results, 'problems': problems, 'tampered': bool(tampered)}})\n"
        "_realdata_grade()\n"
        "del _realdata_grade\n"
    )


def emit(nonce: str, payload: dict) -> None:
    """Print the grader's line with this module's own ``print`` and ``json``.

    Names in a grader cell are looked up in the notebook's namespace first, where a learner may have
    defined their own ``print``; here they are the interpreter's (``tampering`` checks that they are).
    """
    print(nonce, json.dumps(payload), flush=True)


def record(result: Any) -> None:
    """Save a check's result in the learner's progress (the workspace named by REALDATA_WORKSPACE)."""
    from realdata.course.progress import Progress

    Progress.load().record_result(result)


def read_results(text: str, nonce: str, exercise_ids: list[str]) -> tuple[dict[str, dict], list[str], bool]:
    """The records and problems of the lines carrying ``nonce``; everything else the notebook printed is ignored.

    Returns:
        ``({exercise id: record}, problems, trusted)``. A missing, repeated or malformed payload is a
        problem. ``trusted`` is False when a grader cell saw tampering, or when a line carrying the nonce
        was not one the grader's cells print: then learner code saw the nonce (a hook on the grader's own
        cell) and any of the lines may be forged, so none of them counts.
    """
    payloads = [line[len(nonce) + 1 :] for line in text.splitlines() if line.startswith(nonce + " ")]
    problems: list[str] = []
    records: dict[str, dict] = {}
    trusted = True
    for payload in payloads:
        try:
            data = json.loads(payload)
        except ValueError:
            problems.append("the grader's results were unreadable")
            trusted = False
            continue
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            problems.append("the grader's results had the wrong shape")
            trusted = False
            continue
        if data.get("tampered") is not False:
            trusted = False
        reported = data.get("problems")
        if not isinstance(reported, list):
            reported, trusted = [], False
        problems += [p for p in reported if isinstance(p, str) and p not in problems]
        for entry in data["results"]:
            reason = _invalid(entry, exercise_ids)
            if reason:
                problems.append(reason)
                trusted = False
            elif entry["exercise_id"] in records:
                problems.append(f"{entry['exercise_id']}: more than one result")
                trusted = False
            else:
                records[entry["exercise_id"]] = entry
    if len(payloads) > len(exercise_ids):
        trusted = False
    return records, problems, trusted


def _invalid(record: Any, exercise_ids: list[str]) -> str:
    if not isinstance(record, dict):
        return "a result that is not a record"
    exercise_id = record.get("exercise_id")
    if exercise_id not in exercise_ids:
        return f"a result for {exercise_id!r}, which this notebook does not hold"
    outcomes = record.get("outcomes")
    if not isinstance(outcomes, list) or not outcomes:
        return f"{exercise_id}: a result without outcomes"
    for o in outcomes:
        if not isinstance(o, dict) or o.get("status") not in STATUSES or not isinstance(o.get("name"), str):
            return f"{exercise_id}: a malformed outcome"
        if not isinstance(o.get("message", ""), str) or not isinstance(o.get("hidden", False), bool):
            return f"{exercise_id}: a malformed outcome"
    return ""
