"""Progress-file reliability cases, written from the specification alone (issue 12).

They were written from the issue text and the public behaviour of the CLI only,
without reading the implementation or its tests.

For each case the harness writes ``content`` to WS/.realdata/progress.json in a
workspace made by ``realdata init WS``, runs ``realdata progress --workspace WS``
(exit 0, no traceback), then checks exercise 1.1 with a correct solution and
expects it to be reported passed.

* ``expect == "aside"``: the file is not a valid progress file.  Spec (2.
  Progress): "It is validated against a schema. A bad file is moved aside with a
  warning that says where it went, and learning goes on."  The original file must
  no longer be at .realdata/progress.json with the bad content, the output names
  where it went, and the next check records a pass.
* ``expect == "kept"``: a valid file in a legal form; it is read as it is: not
  moved, and the passes it records are still shown (exercise 1.2 is recorded as
  passed in every kept case except ``minimal_as_first_written``), next to the new
  pass of 1.1.

The schema below is what the tool itself writes (seen by running it as a black
box): ``{"version": 1, "exercises": {ID: {...}}, "questions": {ID: {...}},
"last_checked": ID-or-""}``; an exercise entry has integer ``attempts`` and
``hints``, booleans ``started``/``passed``/``solution_viewed``, a number
``last_score``, strings ``last_message`` and ``last_checked``, and the tool itself
writes entries with only some of these (``{"attempts": 0, "hints": 1}`` after a
hint); a question entry has booleans ``answered``/``correct`` and strings
``given``/``when``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass
class ProgressCase:
    name: str
    content: bytes  # written to WS/.realdata/progress.json before the run
    expect: str  # "aside" or "kept"
    why: str


# What `realdata exercises check 1.2` and `check 1.4` (after `exercises solution 1.2`
# and an `answer("1.check1.a", 13)`) wrote, byte for byte.
TOOL_WRITTEN = (
    b'{\n  "version": 1,\n  "exercises": {\n    "1.2": {\n      "attempts": 1,\n'
    b'      "hints": 1,\n      "solution_viewed": true,\n      "started": true,\n'
    b'      "passed": true,\n      "last_score": 1.0,\n      "last_message": "",\n'
    b'      "last_checked": "2026-11-27T22:13:20"\n    },\n    "1.4": {\n'
    b'      "attempts": 1,\n      "hints": 0,\n      "started": false,\n'
    b'      "passed": false,\n      "last_score": 0.0,\n'
    b'      "last_message": "not started yet",\n'
    b'      "last_checked": "2026-11-27T22:13:28"\n    }\n  },\n  "questions": {\n'
    b'    "1.check1.a": {\n      "answered": true,\n      "correct": true,\n'
    b'      "given": "13",\n      "when": "2026-11-27T22:12:21"\n    }\n  },\n'
    b'  "last_checked": "1.4"\n}\n'
)

_PASSED_1_2 = {
    "attempts": 1,
    "hints": 0,
    "started": True,
    "passed": True,
    "last_score": 1.0,
    "last_message": "",
    "last_checked": "2026-11-27T22:13:20",
}


def _entry(**changes) -> dict:
    entry = dict(_PASSED_1_2)
    entry.update(changes)
    return entry


def _doc(exercises=None, questions=None, **top) -> dict:
    doc = {
        "version": 1,
        "exercises": {"1.2": dict(_PASSED_1_2)} if exercises is None else exercises,
        "questions": {} if questions is None else questions,
        "last_checked": "1.2",
    }
    doc.update(top)
    return doc


def _j(obj, **kw) -> bytes:
    return json.dumps(obj, indent=2, **kw).encode("utf-8") + b"\n"


def _sub(data: bytes, old: bytes, new: bytes) -> bytes:
    """Replace old by new exactly once (so a case cannot silently stay valid)."""
    if data.count(old) != 1:
        raise AssertionError(f"{old!r} occurs {data.count(old)} times")
    return data.replace(old, new)


def _without(key: str) -> bytes:
    doc = _doc()
    del doc[key]
    return _j(doc)


_DEEP = 100_000  # far past Python's recursion limit

CASES: list[ProgressCase] = [
    # ------------------------------------------------------------------ kept
    ProgressCase(
        "tool_written_after_checks",
        TOOL_WRITTEN,
        "kept",
        "the file the tool itself wrote after two checks, a solution view and an answer is valid by definition",
    ),
    ProgressCase(
        "minimal_as_first_written",
        b'{\n  "version": 1,\n  "exercises": {},\n  "questions": {},\n  "last_checked": ""\n}\n',
        "kept",
        "the smallest file the tool writes (nothing done yet, last_checked empty) is valid",
    ),
    ProgressCase(
        "compact_one_line_reordered",
        json.dumps(
            {
                "last_checked": "1.4",
                "questions": json.loads(TOOL_WRITTEN)["questions"],
                "exercises": json.loads(TOOL_WRITTEN)["exercises"],
                "version": 1,
            },
            separators=(",", ":"),
        ).encode(),
        "kept",
        "the same data on one line, keys in another order, no final newline: JSON layout and key order carry no meaning",
    ),
    ProgressCase(
        "partial_entry_after_hint",
        _j(_doc(exercises={"1.2": dict(_PASSED_1_2), "1.3": {"attempts": 0, "hints": 1}})),
        "kept",
        "the tool itself writes an entry with only attempts and hints after hint() before any check: fields are optional",
    ),
    ProgressCase(
        "crlf_and_tabs",
        json.dumps(_doc(), indent="\t").replace("\n", "\r\n").encode() + b"\r\n",
        "kept",
        "CRLF line ends and tab indentation (an editor on Windows) are legal JSON whitespace",
    ),
    ProgressCase(
        "non_ascii_messages",
        json.dumps(
            _doc(
                exercises={
                    "1.2": dict(_PASSED_1_2),
                    "1.4": _entry(
                        passed=False, last_score=0.5, last_message="résumé: 2 of 3 ✓ — ok \U0001f600"
                    ),
                },
                questions={
                    "1.check1.a": {
                        "answered": True,
                        "correct": False,
                        "given": "dreizehn (ß)",
                        "when": "2026-11-27T22:12:21",
                    }
                },
            ),
            indent=2,
            ensure_ascii=False,
        ).encode("utf-8")
        + b"\n",
        "kept",
        "UTF-8 text with accents, symbols and an emoji in string values is valid JSON of the right shape",
    ),
    ProgressCase(
        "earlier_failures_of_1_1",
        _j(
            _doc(
                exercises={
                    "1.1": _entry(
                        attempts=7,
                        hints=3,
                        passed=False,
                        started=True,
                        last_score=0.5,
                        last_message="4/6 checks",
                    ),
                    "1.2": dict(_PASSED_1_2),
                },
                last_checked="1.1",
            )
        ),
        "kept",
        "a valid record of failed attempts of 1.1: kept, and the next correct check turns it into a pass",
    ),
    ProgressCase(
        "extra_unknown_top_level_key",
        _j(_doc(note="kept by hand: started the course on Monday")),
        "kept",
        "judgement: the spec validates the known fields (types and shape); an extra top-level key breaks none of "
        "them, and moving the whole file aside for it would hide the learner's passes (spec: 'nothing lost')",
    ),
    # ------------------------------------------------------------------ aside: not JSON at all
    ProgressCase("empty_file", b"", "aside", "an empty file is not valid progress (a crash mid-write)"),
    ProgressCase(
        "truncated_json",
        TOOL_WRITTEN[: len(TOOL_WRITTEN) // 2],
        "aside",
        "a file cut halfway through is not JSON: moved aside with a warning naming where",
    ),
    ProgressCase(
        "nul_bytes", bytes(4096), "aside", "a file of zero bytes (power cut on some filesystems) is not JSON"
    ),
    ProgressCase(
        "non_utf8_bytes",
        _sub(
            _j(_doc(exercises={"1.2": _entry(last_message="caf\u00e9")}), ensure_ascii=False),
            "café".encode(),
            "café".encode("latin-1"),
        ),
        "aside",
        "a Latin-1 byte (0xE9) in a string is not UTF-8: the file cannot be decoded",
    ),
    ProgressCase(
        "utf8_bom",
        b"\xef\xbb\xbf" + TOOL_WRITTEN,
        "aside",
        "the tool never writes a BOM and strict JSON (RFC 8259 8.1) must not start with one; a strict UTF-8 "
        "JSON reader rejects it (ambiguous: a lenient reader could accept it)",
    ),
    ProgressCase(
        "trailing_garbage",
        TOOL_WRITTEN + b'{"version": 1}\n',
        "aside",
        "two JSON documents one after the other (a bad concatenation) are not one valid file",
    ),
    ProgressCase(
        "deep_nesting_top_level",
        b"[" * _DEEP + b"]" * _DEEP,
        "aside",
        "very deep nesting makes a recursive JSON parser raise RecursionError, not ValueError; still one warning",
    ),
    ProgressCase(
        "deep_nesting_in_entry",
        b'{"version": 1, "exercises": {"1.1": '
        + b'{"a": ' * _DEEP
        + b"1"
        + b"}" * _DEEP
        + b'}, "questions": {}}',
        "aside",
        "deep nesting inside an exercise entry: RecursionError while parsing must be handled like any bad file",
    ),
    # ------------------------------------------------------------------ aside: JSON of the wrong shape
    ProgressCase("top_level_list", _j([_doc()]), "aside", "the top level must be an object, not a list"),
    ProgressCase(
        "exercise_entry_is_int",
        b'{"version":1,"exercises":{"1.1":5}}',
        "aside",
        "the issue's example: an entry that is a number gave tracebacks and then 'not run'",
    ),
    ProgressCase(
        "exercises_is_list",
        _j(_doc(exercises=[{"id": "1.2", "passed": True}])),
        "aside",
        "exercises must map ids to entries, not be a list",
    ),
    ProgressCase("exercises_null", _j(_doc() | {"exercises": None}), "aside", "exercises: null"),
    ProgressCase(
        "nested_null_fields",
        _j(_doc(exercises={"1.2": _entry(attempts=None, passed=None, last_score=None)})),
        "aside",
        "nulls where an int, a bool and a number belong",
    ),
    ProgressCase(
        "attempts_string",
        _j(_doc(exercises={"1.2": _entry(attempts="three")})),
        "aside",
        "attempts must be an integer",
    ),
    ProgressCase(
        "attempts_bool",
        _j(_doc(exercises={"1.2": _entry(attempts=True)})),
        "aside",
        "attempts: true is not a count (subtle: bool is an int subclass in Python)",
    ),
    ProgressCase(
        "attempts_negative",
        _j(_doc(exercises={"1.2": _entry(attempts=-1)})),
        "aside",
        "a negative count of attempts is out of the schema's range (judgement: counts are >= 0)",
    ),
    ProgressCase(
        "passed_string",
        _j(_doc(exercises={"1.2": _entry(passed="yes")})),
        "aside",
        "passed must be a boolean; the string 'yes' is truthy and would fake a pass",
    ),
    ProgressCase(
        "huge_number",
        _sub(_j(_doc()), b'"attempts": 1,', b'"attempts": 1e999,'),
        "aside",
        "1e999 parses to infinity (a float): not an integer count (OverflowError if converted)",
    ),
    ProgressCase(
        "nan_literal",
        _sub(_j(_doc()), b'"last_score": 1.0', b'"last_score": NaN'),
        "aside",
        "NaN is not JSON (Python's parser accepts it): last_score must be a finite number",
    ),
    ProgressCase(
        "question_is_number",
        _j(_doc(questions={"1.check1.a": 13})),
        "aside",
        "a question entry that is a number instead of an object",
    ),
    ProgressCase(
        "question_correct_string",
        _j(
            _doc(
                questions={
                    "1.check1.a": {
                        "answered": True,
                        "correct": "true",
                        "given": "13",
                        "when": "2026-11-27T22:12:21",
                    }
                }
            )
        ),
        "aside",
        "correct must be a boolean, not the string 'true'",
    ),
    ProgressCase(
        "version_string", _j(_doc(version="1")), "aside", "version must be the integer 1, not a string"
    ),
    ProgressCase(
        "version_2",
        _j(_doc(version=2)),
        "aside",
        "a version this code does not know: not guessed at; moved aside with a warning",
    ),
    ProgressCase(
        "version_true",
        _j(_doc(version=True)),
        "aside",
        "version: true (subtle: True == 1 in Python, so an equality test alone would accept it)",
    ),
    ProgressCase(
        "version_missing",
        _without("version"),
        "aside",
        "the schema has a version; a file without one cannot be known to be this format",
    ),
]

# More of the same kinds, for a longer run; each is as much a requirement as the cases above.
EXTRA_CASES: list[ProgressCase] = [
    ProgressCase(
        "escaped_unicode_messages",
        _j(
            _doc(
                exercises={
                    "1.2": _entry(last_message='caf\u00e9 \u2713 "quoted" back\\slash\ttab\nnewline'),
                }
            ),
            ensure_ascii=True,
        ),
        "kept",
        "\\u escapes, escaped quotes, backslashes and control characters inside strings are legal JSON",
    ),
    ProgressCase(
        "large_but_legal_counts",
        _j(_doc(exercises={"1.2": _entry(attempts=100_000, hints=250)})),
        "kept",
        "large non-negative integer counts are of the right type and range",
    ),
    ProgressCase("whitespace_only", b" \n\t\n", "aside", "whitespace only holds no JSON value"),
    ProgressCase(
        "comments",
        b'{\n  // my progress\n  "version": 1,\n  "exercises": {},\n  "questions": {},\n  "last_checked": ""\n}\n',
        "aside",
        "comments are not JSON",
    ),
    ProgressCase("top_level_null", b"null\n", "aside", "null is valid JSON but not a progress file"),
    ProgressCase(
        "entry_null",
        _j(_doc(exercises={"1.2": dict(_PASSED_1_2), "1.1": None})),
        "aside",
        "an exercise entry that is null",
    ),
    ProgressCase(
        "passed_int",
        _j(_doc(exercises={"1.2": _entry(passed=1)})),
        "aside",
        "passed: 1 is a number, not a boolean",
    ),
]
