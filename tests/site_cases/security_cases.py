"""Security cases for `realdata site`, written from the specification alone.

Source: issue 13, section 5 ("Security: this server runs code"), its interface notes,
and the public README section "The course in the browser".  Nothing under src/ or the
other tests was read; the expectations below are what the specification asks of a
correct server, not what today's server happens to do.

What the specification asks (section 5):
  * bind to loopback only;
  * a random token per launch, given once in the URL the command opens, then kept in an
    HttpOnly SameSite=Strict cookie (name: ``realdata_site``); every request that runs
    code or changes state needs it (the README: every request but the static files);
  * ``Host`` and ``Origin`` checked on every request (DNS rebinding, cross-site POSTs);
    no CORS;
  * a cap on the request size (the issue's brief says > 10 MB must be refused; the
    README says 256 KB) and a time limit per code run;
  * files served only from the package's static folder and the workspace; ``..`` refused.

Each case isolates ONE defect: everything else in the request (cookie, Host, Origin,
Content-Type, body) is what a correct same-origin browser request would carry, so a
"refused" verdict can only come from the check under test.

Placeholders, substituted in the path and in header values (never in the body):
  ``{port}``    the server's port
  ``{token}``   the launch token
  ``{cookie}``  ``realdata_site={token}``
  ``{token:.N}`` the first N characters of the token (``str.format`` precision syntax),
                 used to send a strict prefix of the right token.
A header whose value is None is not sent.  Header names are sent as written, so two
keys that differ only in case ("Host" and "host") put two Host headers on the wire.

Expectations:
  "refused"  status 4xx, or the connection closed without a response; the body must not
             contain the token nor the contents of files outside the package (e.g.
             ``root:x:0:0`` from /etc/passwd, Python source of the package); and for POSTs
             to /api/* no state change (progress file and workspace notebooks unchanged,
             no marker file from :func:`marker_path`).
  "allowed"  status 2xx or 3xx.

For EVERY response, refused or allowed, the harness must also assert that there is no
``Access-Control-Allow-Origin`` (nor any ``Access-Control-Allow-*``) header ("No CORS"),
and that the body never contains the token (it lives in an HttpOnly cookie, so a page
that printed it would hand it to any script).  :func:`problems` does these checks.

State-change canaries: refused POSTs to /api/answer use question "1.quick.b" and refused
POSTs to /api/check use exercise "1.5" with code that writes a marker file; no allowed
case touches either, so after the whole run "1.quick.b" must be absent from the progress
file, exercise 1.5's notebook cell must still hold its starter, and no marker file may
exist under MARKER_DIR.
"""

from __future__ import annotations

import json
import re
import socket
from dataclasses import dataclass

MARKER_DIR = "/tmp/realdata-site-security-markers"


@dataclass
class SecurityCase:
    name: str
    method: str  # "GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD" (and one TRACE)
    path: str  # raw request target, sent as is
    headers: dict[str, str | None]
    body: bytes | None
    expect: str  # "refused" | "allowed"
    why: str


# --------------------------------------------------------------------------------------
# building blocks

OWN_HOST = "127.0.0.1:{port}"
OWN_ORIGIN = "http://127.0.0.1:{port}"


def marker_path(name: str) -> str:
    """The file that code sent by case `name` creates if the server ever runs it."""
    return f"{MARKER_DIR}/{name}.ran"


def _check_body(name: str, exercise: str = "1.5", pad: int = 0) -> bytes:
    code = (
        "import pathlib\n"
        f"pathlib.Path({MARKER_DIR!r}).mkdir(parents=True, exist_ok=True)\n"
        f"pathlib.Path({marker_path(name)!r}).write_text('ran')\n"
    )
    if pad:
        code += "#" + "x" * pad + "\n"
    return json.dumps({"id": exercise, "code": code}).encode()


ANSWER_CANARY = json.dumps({"id": "1.quick.b", "answer": "13"}).encode()
ANSWER_OK = json.dumps({"id": "1.check1.a", "answer": "13"}).encode()
HINT_OK = json.dumps({"id": "1.1"}).encode()
PASSWD = "etc/passwd"


def _get(cookie: str | None = "{cookie}", host: str | None = OWN_HOST, **extra) -> dict:
    h: dict[str, str | None] = {"Host": host}
    if cookie is not None:
        h["Cookie"] = cookie
    h.update(extra)
    return h


def _post(
    cookie: str | None = "{cookie}",
    host: str | None = OWN_HOST,
    origin: str | None = OWN_ORIGIN,
    ctype: str | None = "application/json",
    **extra,
) -> dict:
    h: dict[str, str | None] = {"Host": host, "Origin": origin, "Content-Type": ctype}
    if cookie is not None:
        h["Cookie"] = cookie
    h.update(extra)
    return h


def R(name, method, path, headers, body, why) -> SecurityCase:
    return SecurityCase(name, method, path, headers, body, "refused", why)


def A(name, method, path, headers, body, why) -> SecurityCase:
    return SecurityCase(name, method, path, headers, body, "allowed", why)


# --------------------------------------------------------------------------------------
# the cases

CASES: list[SecurityCase] = [
    # ---------------------------------------------------------------- token / cookie
    R(
        "check_without_cookie",
        "POST",
        "/api/check",
        _post(cookie=None),
        _check_body("check_without_cookie"),
        "Running code needs the token: a POST to /api/check with the right Host and Origin "
        "but no cookie must be refused and the code must not run.",
    ),
    R(
        "answer_without_cookie",
        "POST",
        "/api/answer",
        _post(cookie=None),
        ANSWER_CANARY,
        "Saving an answer changes state (progress file), so it needs the token.",
    ),
    R(
        "check_wrong_token",
        "POST",
        "/api/check",
        _post(cookie="realdata_site=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        _check_body("check_wrong_token"),
        "A cookie with a well-formed but wrong token is no token.",
    ),
    R(
        "check_empty_token",
        "POST",
        "/api/check",
        _post(cookie="realdata_site="),
        _check_body("check_empty_token"),
        "An empty cookie value must not match (guards against comparing against an "
        "unset/empty expected value or a startswith() check).",
    ),
    R(
        "check_token_prefix",
        "POST",
        "/api/check",
        _post(cookie="realdata_site={token:.8}"),
        _check_body("check_token_prefix"),
        "A strict prefix of the token (first 8 characters) must not match: the comparison "
        "must be of the whole value, not startswith()/prefix.",
    ),
    R(
        "check_token_plus_suffix",
        "POST",
        "/api/check",
        _post(cookie="realdata_site={token}x"),
        _check_body("check_token_plus_suffix"),
        "The token with one extra character must not match (guards against `token in value`).",
    ),
    R(
        "check_token_in_other_cookie_name",
        "POST",
        "/api/check",
        _post(cookie="realdata={token}; site={token}"),
        _check_body("check_token_in_other_cookie_name"),
        "The token is only valid in the cookie named realdata_site; the right value under "
        "another name (e.g. a substring search over the Cookie header) must not count.",
    ),
    R(
        "check_token_in_query_no_cookie",
        "POST",
        "/api/check?token={token}",
        _post(cookie=None),
        _check_body("check_token_in_query_no_cookie"),
        "Decision: the token is given ONCE in the URL the command opens (a GET of /?token=) "
        "and is then kept in the cookie; the API authenticates by cookie only. Accepting "
        "?token= on POSTs would put the secret in every API URL (logs, history, Referer) "
        "and make the HttpOnly cookie pointless, so a POST with the token only in the "
        "query string is refused.",
    ),
    R(
        "check_token_in_authorization_header",
        "POST",
        "/api/check",
        _post(cookie=None, Authorization="Bearer {token}"),
        _check_body("check_token_in_authorization_header"),
        "The token lives in the realdata_site cookie; the spec defines no header carrier, "
        "so Authorization: Bearer <token> without the cookie is refused.",
    ),
    R(
        "answer_token_in_custom_header",
        "POST",
        "/api/answer",
        _post(cookie=None, **{"X-Realdata-Token": "{token}", "X-Token": "{token}"}),
        ANSWER_CANARY,
        "Same as above with ad-hoc X-Realdata-Token / X-Token headers: not the cookie, so not authenticated.",
    ),
    R(
        "page_without_cookie",
        "GET",
        "/exercises/1/",
        _get(cookie=None),
        None,
        "The exercises page shows the learner's saved code and progress. The README says "
        "every request but the static files needs the token (the issue only says 'every "
        "request that runs code or changes state'): without the cookie it is refused.",
    ),
    # ---------------------------------------------------------------- Host (DNS rebinding)
    R(
        "host_evil",
        "POST",
        "/api/answer",
        _post(host="evil.example:{port}"),
        ANSWER_CANARY,
        "DNS rebinding: a page on evil.example rebinds its name to 127.0.0.1; the browser "
        "then sends Host: evil.example:<port>. Must be refused whatever the cookie says "
        "(the right cookie is sent so that only the Host check can refuse it).",
    ),
    R(
        "host_evil_get",
        "GET",
        "/exercises/1/",
        _get(host="evil.example:{port}"),
        None,
        "Host is checked on EVERY request, not only on POSTs: a rebound page could "
        "otherwise read the learner's pages.",
    ),
    R(
        "host_loopback_prefix_subdomain",
        "GET",
        "/",
        _get(host="127.0.0.1.evil.example:{port}"),
        None,
        "A rebinding name that begins with 127.0.0.1 (like 127.0.0.1.nip.io) must not pass "
        "a startswith('127.0.0.1') check.",
    ),
    R(
        "host_localhost_prefix_subdomain",
        "GET",
        "/",
        _get(host="localhost.evil.example:{port}"),
        None,
        "A rebinding name that begins with 'localhost' must not pass a prefix check.",
    ),
    R(
        "host_ipv6_loopback",
        "GET",
        "/",
        _get(host="[::1]:{port}"),
        None,
        "The server binds 127.0.0.1 only, so no browser can legitimately reach it as "
        "[::1]; the Host allow-list is this server's own names (127.0.0.1:<port>, "
        "localhost:<port>).",
    ),
    R(
        "host_zero_address",
        "GET",
        "/",
        _get(host="0.0.0.0:{port}"),
        None,
        "'0.0.0.0 day': browsers route http://0.0.0.0:<port> to localhost from public "
        "pages. 0.0.0.0 is not this server's name; refuse.",
    ),
    R(
        "host_other_loopback",
        "GET",
        "/",
        _get(host="127.0.0.2:{port}"),
        None,
        "127.0.0.2 is loopback but not the address the server is bound to or named by; "
        "an allow-list of exact names refuses it (a 'starts with 127.' check would not).",
    ),
    R(
        "host_wrong_port",
        "POST",
        "/api/answer",
        _post(host="127.0.0.1:1"),
        ANSWER_CANARY,
        "Host must be this server, port included: 127.0.0.1 with another port is a different origin.",
    ),
    R(
        "host_missing",
        "GET",
        "/",
        _get(host=None),
        None,
        "HTTP/1.1 requires Host (RFC 9112 §3.2: 400 without it); a server that skips its "
        "Host check when the header is absent is bypassable.",
    ),
    R(
        "host_duplicated",
        "GET",
        "/",
        {"Host": OWN_HOST, "host": "evil.example:{port}", "Cookie": "{cookie}"},
        None,
        "Two Host headers (the right one, then a foreign one) must be refused (RFC 9112 "
        "§3.2: 400 for more than one Host), not resolved by taking the first that passes.",
    ),
    R(
        "host_absolute_form_target",
        "GET",
        "http://evil.example:{port}/",
        _get(),
        None,
        "Absolute-form request target: by RFC 9112 §3.2.2 its authority replaces Host, so "
        "this request is addressed to evil.example and must be refused (a 404 for an "
        "unknown path is also a refusal).",
    ),
    # ---------------------------------------------------------------- Origin (cross-site POST)
    R(
        "origin_foreign",
        "POST",
        "/api/check",
        _post(origin="http://evil.example"),
        _check_body("origin_foreign"),
        "Cross-site POST: right cookie and Host, foreign Origin -> refused, code not run.",
    ),
    R(
        "origin_null",
        "POST",
        "/api/answer",
        _post(origin="null"),
        ANSWER_CANARY,
        "Origin: null (sandboxed iframes, file:// pages, some redirects) is not this server's origin.",
    ),
    R(
        "origin_suffix_attack",
        "POST",
        "/api/check",
        _post(origin="http://127.0.0.1:{port}.evil.example"),
        _check_body("origin_suffix_attack"),
        "An Origin that merely starts with the right one must not pass a startswith() check.",
    ),
    R(
        "origin_prefix_of_own",
        "POST",
        "/api/answer",
        _post(origin="http://127.0.0.1"),
        ANSWER_CANARY,
        "An Origin that is a prefix of the right one (port dropped = port 80) is another "
        "origin; refused (guards against `origin in allowed_origin`).",
    ),
    R(
        "origin_https_scheme",
        "POST",
        "/api/answer",
        _post(origin="https://127.0.0.1:{port}"),
        ANSWER_CANARY,
        "The server speaks http; https://127.0.0.1:<port> is a different origin (scheme is "
        "part of the origin).",
    ),
    R(
        "origin_other_local_port",
        "POST",
        "/api/check",
        _post(origin="http://127.0.0.1:8888"),
        _check_body("origin_other_local_port"),
        "The important one: a page served by ANOTHER local server (127.0.0.1:8888, e.g. "
        "Jupyter or any local dev server) is same-SITE, so the SameSite=Strict cookie IS "
        "sent; only the Origin check stops it from running code.",
    ),
    R(
        "origin_missing_on_post",
        "POST",
        "/api/answer",
        _post(origin=None),
        ANSWER_CANARY,
        "Decision: 'every state change must come from its own Origin'. Browsers send Origin "
        "on every POST from fetch/forms, so a missing Origin on a state-changing request is "
        "not a browser request from our page; refusing it costs the site nothing.",
    ),
    R(
        "origin_foreign_on_get_page",
        "GET",
        "/exercises/1/",
        _get(Origin="http://127.0.0.1:8888"),
        None,
        "'Check Host and Origin on every request': a GET that carries a foreign Origin (a "
        "cross-origin fetch from a same-site local page, which gets the Strict cookie) is "
        "refused too.",
    ),
    # ---------------------------------------------------------------- CORS
    R(
        "cors_preflight_check",
        "OPTIONS",
        "/api/check",
        {
            "Host": OWN_HOST,
            "Origin": "http://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        None,
        "No CORS: a preflight from a foreign origin must not be granted (4xx, and - checked "
        "for every response by the harness - no Access-Control-Allow-* header).",
    ),
    R(
        "cors_preflight_null_origin",
        "OPTIONS",
        "/api/answer",
        {
            "Host": OWN_HOST,
            "Origin": "null",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
            "Cookie": "{cookie}",
        },
        None,
        "Preflight from Origin null with the cookie: still no CORS grant; the harness must "
        "also assert no Access-Control-Allow-Origin header.",
    ),
    # ---------------------------------------------------------------- path traversal
    R(
        "static_dotdot_raw",
        "GET",
        "/static/../../../../../../../../" + PASSWD,
        _get(),
        None,
        "Literal .. segments in /static/ must not climb out (the request is sent raw, "
        "without the normalisation a browser would apply).",
    ),
    R(
        "static_dotdot_into_package",
        "GET",
        "/static/../__init__.py",
        _get(),
        None,
        "Only files INSIDE the static folder: one level up is the package's Python source, "
        "which is outside the static folder and must not be served.",
    ),
    R(
        "static_encoded_dots",
        "GET",
        "/static/" + "%2e%2e/" * 8 + PASSWD,
        _get(),
        None,
        "Percent-encoded dots (%2e%2e) decode to .. after routing; must be refused.",
    ),
    R(
        "static_encoded_slashes",
        "GET",
        "/static/" + "..%2f" * 8 + "etc%2fpasswd",
        _get(),
        None,
        "..%2f keeps the whole climb in one path segment for the router, then decodes to "
        "../ ; must be refused.",
    ),
    R(
        "static_double_encoded",
        "GET",
        "/static/" + "%252e%252e%252f" * 8 + "etc%252fpasswd",
        _get(),
        None,
        "Double encoding: a server that decodes twice turns %252e into '.'; decoded once "
        "it is a harmless odd name, so either way nothing outside may be served.",
    ),
    R(
        "static_backslashes",
        "GET",
        "/static/" + "..%5c" * 8 + "etc%5cpasswd",
        _get(),
        None,
        "Backslash separators (%5c) must not act as path separators for climbing.",
    ),
    R(
        "static_raw_backslashes",
        "GET",
        "/static/" + "..\\" * 8 + "etc\\passwd",
        _get(),
        None,
        "Raw backslashes in the request target, same intent.",
    ),
    R(
        "static_absolute_path",
        "GET",
        "/static//etc/passwd",
        _get(),
        None,
        "os.path.join(static, '/etc/passwd') is '/etc/passwd': an absolute remainder after "
        "/static/ must not escape.",
    ),
    R(
        "static_encoded_absolute_path",
        "GET",
        "/static/%2fetc%2fpasswd",
        _get(),
        None,
        "Encoded leading slash: same absolute-path join bug, hidden from the router.",
    ),
    R(
        "double_slash_root",
        "GET",
        "//etc/passwd",
        _get(),
        None,
        "A target starting with // is parsed as a network-path reference by urlsplit "
        "(netloc 'etc'); must not lead to a file outside.",
    ),
    R(
        "static_null_byte",
        "GET",
        "/static/site.css%00/../../../../../../" + PASSWD,
        _get(),
        None,
        "A NUL byte in the path must be refused (400/404), never truncate the name.",
    ),
    R(
        "static_unicode_dots",
        "GET",
        "/static/" + "%ef%bc%8e%ef%bc%8e/" * 8 + PASSWD,
        _get(),
        None,
        "Fullwidth full stops (U+FF0E) become '.' under NFKC normalisation; nothing outside "
        "the static folder may be served.",
    ),
    R(
        "static_overlong_utf8_dots",
        "GET",
        "/static/" + "%c0%ae%c0%ae/" * 8 + PASSWD,
        _get(),
        None,
        "Overlong UTF-8 for '.' (%c0%ae) is invalid UTF-8; must be refused.",
    ),
    R(
        "static_very_long_path",
        "GET",
        "/static/" + "a" * 200_000,
        _get(),
        None,
        "A 200 KB request target: refused (414/400/404 or connection closed), not a crash "
        "that leaks a traceback, and the server must keep serving (the harness's next "
        "cases check that).",
    ),
    R(
        "download_dotdot_encoded",
        "GET",
        "/download/" + "..%2f" * 8 + "etc%2fpasswd",
        _get(),
        None,
        "/download/ serves notebooks by name; an encoded climb must be refused.",
    ),
    R(
        "download_dotdot_raw",
        "GET",
        "/download/../../../../../../../../" + PASSWD,
        _get(),
        None,
        "Literal .. in /download/.",
    ),
    R(
        "download_absolute_path",
        "GET",
        "/download/%2fetc%2fpasswd",
        _get(),
        None,
        "Encoded absolute path as the notebook name.",
    ),
    R(
        "download_null_byte",
        "GET",
        "/download/01-datasets-and-dataloaders-exercises.ipynb%00.html",
        _get(),
        None,
        "A NUL byte after a real notebook name: refused, not truncated to the notebook.",
    ),
    R(
        "lesson_number_traversal",
        "GET",
        "/lesson/" + "..%2f" * 8 + "etc%2fpasswd/",
        _get(),
        None,
        "The lesson number may be used to find a file; a climb through it must be refused.",
    ),
    # ---------------------------------------------------------------- id traversal in API bodies
    R(
        "check_id_traversal",
        "POST",
        "/api/check",
        _post(),
        json.dumps(
            {"id": "../../../../tmp/x", "code": json.loads(_check_body("check_id_traversal"))["code"]}
        ).encode(),
        "The exercise id picks a notebook to save into and a kernel to run in; an id that "
        "is not a known exercise (here a path) must be refused before any code runs.",
    ),
    # ---------------------------------------------------------------- request size
    R(
        "check_oversized_body",
        "POST",
        "/api/check",
        _post(),
        _check_body("check_oversized_body", pad=11 * 1024 * 1024),
        "Request size is capped: an 11 MB body to /api/check (right cookie/Host/Origin) is "
        "refused (413 or connection closed) and the code in it never runs.",
    ),
    R(
        "answer_oversized_body",
        "POST",
        "/api/answer",
        _post(),
        json.dumps({"id": "1.quick.b", "answer": "1" * (11 * 1024 * 1024)}).encode(),
        "An 11 MB answer is refused and not stored in the progress file.",
    ),
    R(
        "check_huge_declared_length",
        "POST",
        "/api/check",
        _post(**{"Content-Length": "107374182400"}),
        _check_body("check_huge_declared_length"),
        "A declared Content-Length of 100 GB with a short body: the cap must be applied to "
        "the declared length up front (413 at once), not by waiting to read 100 GB - a "
        "server that hangs here fails (the harness raises on timeout).",
    ),
    R(
        "check_chunked_oversized",
        "POST",
        "/api/check",
        _post(**{"Transfer-Encoding": "chunked"}),
        b"__CHUNKED__" + _check_body("check_chunked_oversized", pad=11 * 1024 * 1024),
        "Without Content-Length (chunked), the cap must still hold: an 11 MB chunked body "
        "is refused (411/413/400 or closed), the code never runs. The harness frames the "
        "body as chunks (marker prefix __CHUNKED__).",
    ),
    R(
        "check_negative_length",
        "POST",
        "/api/check",
        _post(**{"Content-Length": "-1"}),
        _check_body("check_negative_length"),
        "A negative Content-Length is malformed (400), not an unlimited read.",
    ),
    # ---------------------------------------------------------------- content types / bodies
    R(
        "answer_form_encoded",
        "POST",
        "/api/answer",
        _post(ctype="application/x-www-form-urlencoded"),
        b"id=1.quick.b&answer=13",
        "The API takes JSON bodies; a form-encoded body (what a cross-site <form> sends "
        "without preflight) is not a valid request and changes nothing.",
    ),
    R(
        "answer_text_plain_json",
        "POST",
        "/api/answer",
        _post(ctype="text/plain"),
        ANSWER_CANARY,
        "Decision (defence in depth): text/plain is a CORS-'simple' type that cross-site "
        "pages can POST without a preflight; the API is JSON, so a server that requires "
        "application/json keeps a second lock behind the Origin check. The spec does not "
        "say this in words: see the report's ambiguities.",
    ),
    # ---------------------------------------------------------------- methods / state by GET
    R(
        "get_api_check",
        "GET",
        "/api/check?id=1.5&code=open(%27" + marker_path("get_api_check").replace("/", "%2F") + "%27,%27w%27)",
        _get(),
        None,
        "No state change or code run by GET: /api/check is POST-only (a GET can be "
        "triggered by <img src> from any page and carries Lax/Strict cookies in some "
        "navigations).",
    ),
    R(
        "get_api_answer",
        "GET",
        "/api/answer?id=1.quick.b&answer=13",
        _get(),
        None,
        "Saving an answer by GET must not be possible.",
    ),
    R("put_lesson_page", "PUT", "/lesson/1/", _post(), b"{}", "Pages are read-only: PUT is refused (405)."),
    R(
        "delete_api_answer",
        "DELETE",
        "/api/answer",
        _post(),
        ANSWER_CANARY,
        "The API is POST-only; DELETE is refused and changes nothing.",
    ),
    R(
        "put_api_check",
        "PUT",
        "/api/check",
        _post(),
        _check_body("put_api_check"),
        "PUT to /api/check is not the interface (POST); refused and the code never runs.",
    ),
    R(
        "delete_static_file",
        "DELETE",
        "/static/site.css",
        _get(),
        None,
        "Static files cannot be deleted: 405.",
    ),
    R(
        "trace_echo",
        "TRACE",
        "/",
        _get(),
        None,
        "TRACE would echo the request, Cookie (the token) included (cross-site tracing); "
        "refused, and the body must not contain the token.",
    ),
    # ---------------------------------------------------------------- allowed
    A(
        "first_visit_token_in_url",
        "GET",
        "/?token={token}",
        _get(cookie=None),
        None,
        "The URL the command opens: sets the HttpOnly SameSite=Strict cookie and redirects "
        "(3xx) - or serves the page (2xx). The harness should also check the Set-Cookie "
        "attributes and that the redirect's Location does not carry the token.",
    ),
    A("home_with_cookie", "GET", "/", _get(), None, "The course's home with the cookie and the right Host."),
    A(
        "lesson_localhost_host",
        "GET",
        "/lesson/1/",
        _get(host="localhost:{port}"),
        None,
        "localhost:<port> is a name of this server (the learner may type it); allowed.",
    ),
    A("concepts_page", "GET", "/concepts/", _get(), None, "The concept page."),
    A("search_index", "GET", "/search.json", _get(), None, "The course-wide search index."),
    A(
        "static_without_cookie",
        "GET",
        "/static/site.css",
        _get(cookie=None),
        None,
        "Static files (CSS/JS shipped in the package) run no code and change nothing; the "
        "issue only demands the token for those, and the README exempts them explicitly. "
        "(Host is still checked.)",
    ),
    A(
        "static_bundle_with_cookie",
        "GET",
        "/static/bundle.js",
        _get(),
        None,
        "The JS bundle, as the browser loads it.",
    ),
    A(
        "download_notebook",
        "GET",
        "/download/01-datasets-and-dataloaders-exercises.ipynb",
        _get(),
        None,
        "The lesson's notebook download, by its exact name.",
    ),
    A(
        "answer_same_origin",
        "POST",
        "/api/answer",
        _post(),
        ANSWER_OK,
        "A predict-and-verify answer from our own page: cookie, Host, Origin, JSON.",
    ),
    A("hint_same_origin", "POST", "/api/hint", _post(), HINT_OK, "Asking for a hint from our own page."),
    A(
        "check_same_origin_localhost",
        "POST",
        "/api/check",
        _post(host="localhost:{port}", origin="http://localhost:{port}"),
        json.dumps({"id": "1.1", "code": "x = 1\n"}).encode(),
        "Check from our page opened as localhost:<port> (Host and Origin agree). Runs code "
        "(a failing attempt is still 2xx with a verdict).",
    ),
    A(
        "interrupt_same_origin",
        "POST",
        "/api/interrupt",
        _post(),
        HINT_OK,
        "Stop button from our own page (nothing running is not an error).",
    ),
]


# --------------------------------------------------------------------------------------
# harness

_PLACEHOLDER = re.compile(r"\{(port|token|cookie)(?::\.(\d+))?\}")


def _fill(text: str, port: int, token: str) -> str:
    values = {"port": str(port), "token": token, "cookie": f"realdata_site={token}"}

    def sub(m: re.Match) -> str:
        v = values[m.group(1)]
        return v[: int(m.group(2))] if m.group(2) else v

    return _PLACEHOLDER.sub(sub, text)


def _chunked(data: bytes, size: int = 65536) -> bytes:
    out = bytearray()
    for i in range(0, len(data), size):
        piece = data[i : i + size]
        out += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    out += b"0\r\n\r\n"
    return bytes(out)


def send(
    case: SecurityCase, port: int, token: str, timeout: float = 30
) -> tuple[int | None, dict[str, str], bytes]:
    """Send `case` raw to 127.0.0.1:port; return (status, lowercase headers, body).

    status is None when the connection closed (or was reset) without a response.  A
    response that does not arrive within `timeout` raises TimeoutError (a server that
    hangs is not a refusal).  Repeated headers are joined with ", " (Set-Cookie with
    "\\n").
    """
    body = case.body
    chunked = body is not None and body.startswith(b"__CHUNKED__")
    if chunked:
        body = _chunked(body[len(b"__CHUNKED__") :])
    target = _fill(case.path, port, token)
    lines = [f"{case.method} {target} HTTP/1.1"]
    names = {k.lower() for k, v in case.headers.items() if v is not None}
    for k, v in case.headers.items():
        if v is not None:
            lines.append(f"{k}: {_fill(v, port, token)}")
    if "connection" not in names:
        lines.append("Connection: close")
    if (
        body is not None
        and not chunked
        and "content-length" not in names
        and "transfer-encoding" not in names
    ):
        lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape")
    data = head + (body or b"")

    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    raw = bytearray()
    try:
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer (413) and close before reading everything
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            except TimeoutError as e:
                raise TimeoutError(f"{case.name}: no complete response in {timeout}s") from e
            if not chunk:
                break
            raw += chunk
    finally:
        sock.close()

    if not raw or b"\r\n\r\n" not in raw and not raw.startswith(b"HTTP/"):
        return None, {}, bytes(raw)
    head_b, _, rest = bytes(raw).partition(b"\r\n\r\n")
    head_lines = head_b.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/\d(?:\.\d)?\s+(\d{3})", head_lines[0])
    if not m:
        return None, {}, bytes(raw)
    status = int(m.group(1))
    headers: dict[str, str] = {}
    for line in head_lines[1:]:
        if ":" not in line:
            continue
        k, v = line.split(":", 1)
        k, v = k.strip().lower(), v.strip()
        if k in headers:
            headers[k] += ("\n" if k == "set-cookie" else ", ") + v
        else:
            headers[k] = v
    if "chunked" in headers.get("transfer-encoding", "").lower():
        rest = _dechunk(rest)
    return status, headers, rest


def _dechunk(data: bytes) -> bytes:
    out = bytearray()
    while data:
        line, _, data = data.partition(b"\r\n")
        try:
            n = int(line.split(b";")[0].strip() or b"0", 16)
        except ValueError:
            break
        if n == 0:
            break
        out += data[:n]
        data = data[n + 2 :]
    return bytes(out)


SECRET_MARKERS = (b"root:x:0:0", b"import ", b"def ")  # /etc/passwd, Python source


def problems(
    case: SecurityCase, port: int, token: str, status: int | None, headers: dict[str, str], body: bytes
) -> list[str]:
    """What is wrong with one response (empty list: the case passes).

    The state-change part of "refused" (progress file, notebooks, marker files) needs the
    workspace and is left to the caller; see :func:`marker_path`.
    """
    out: list[str] = []
    for k in headers:
        if k.startswith("access-control-allow-"):
            out.append(f"CORS header {k}: {headers[k]}")
    if token.encode() in body:
        out.append("the token is in the response body")
    if case.expect == "refused":
        if status is not None and not 400 <= status < 500:
            out.append(f"status {status}, expected 4xx or a closed connection")
        for marker in SECRET_MARKERS:
            if marker in body and not body.lstrip().startswith(b"<"):
                out.append(f"body holds {marker!r} (file contents from outside?)")
        if b"root:x:0:0" in body:
            out.append("body holds /etc/passwd")
    else:
        if status is None or not 200 <= status < 400:
            out.append(f"status {status}, expected 2xx/3xx")
    if case.name == "first_visit_token_in_url" and status is not None and status < 400:
        cookie = headers.get("set-cookie", "")
        low = cookie.lower()
        if f"realdata_site={token}" not in cookie:
            out.append("no realdata_site cookie set")
        if "httponly" not in low:
            out.append("cookie not HttpOnly")
        if "samesite=strict" not in low:
            out.append("cookie not SameSite=Strict")
        if token in headers.get("location", ""):
            out.append("redirect keeps the token in the URL")
    return out


if __name__ == "__main__":  # python security_cases.py PORT TOKEN
    import os
    import sys

    port_, token_ = int(sys.argv[1]), sys.argv[2]
    failed = []
    for c in CASES:
        try:
            st, hd, bd = send(c, port_, token_)
            bad = problems(c, port_, token_, st, hd, bd)
        except TimeoutError as e:
            st, bad = None, [str(e)]
        if c.expect == "refused" and os.path.exists(marker_path(c.name)):
            bad.append("the code ran (marker file exists)")
        print(
            f"{'FAIL' if bad else 'ok  '} {c.expect:8} {st!s:5} {c.name}"
            + (f"  <- {'; '.join(bad)}" if bad else "")
        )
        if bad:
            failed.append(c.name)
    print(f"{len(CASES)} cases, {len(failed)} failed: {' '.join(failed)}")
