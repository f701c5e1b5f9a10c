"""`realdata site`: its security, its API (answers, checks, hints) and its build cache.

The browser tests, on the real lesson pages, are in test_site_browser.py.
"""

from __future__ import annotations

import json

import pytest

from realdata.course import registry
from realdata.course.progress import Progress
from realdata.course.workspace import init_workspace
from realdata.site import build
from site_helpers import request, running

FAKE = {
    les.slug: build.Page(title=f"Lesson {les.number}: {les.title}", blocks=["<p>page text</p>"])
    for les in registry.LESSONS
}
SOLUTION_1_1 = registry.exercise("1.1").solution
WRONG_1_1 = SOLUTION_1_1.replace("self.x ** 2", "self.x * 2")


@pytest.fixture
def site(tmp_path):
    init_workspace(tmp_path)
    with running(tmp_path, FAKE) as s:
        yield s


def test_the_token_is_traded_once_for_a_strict_httponly_cookie(site):
    status, _, _ = request(site, "GET", "/", cookie=False)
    assert status == 403  # no token, no page
    status, _, _ = request(site, "GET", "/?token=wrong", cookie=False)
    assert status == 403
    status, headers, _ = request(site, "GET", f"/?token={site.token}", cookie=False)
    assert status == 302 and headers["location"] == "/"  # the token leaves the address bar
    cookie = headers["set-cookie"]
    assert f"{site.cookie}={site.token}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    status, _, body = request(site, "GET", "/")
    assert status == 200 and b"Lesson 1" in body


def test_every_state_change_needs_the_cookie(site):
    answer = json.dumps({"id": "1.check1.a", "answer": "13"}).encode()
    for path in ("/api/answer", "/api/check", "/api/hint", "/api/interrupt"):
        status, _, _ = request(site, "POST", path, body=answer, cookie=False)
        assert status == 403, path
    for path in (
        "/lesson/1/",
        "/exercises/1/",
        "/concepts/",
        "/search.json",
        "/download/01-datasets-and-dataloaders.ipynb",
    ):
        assert request(site, "GET", path, cookie=False)[0] == 403, path
    assert not Progress.load(site.workspace).questions  # nothing was recorded


def test_a_foreign_origin_or_none_is_refused_for_posts(site):
    body = json.dumps({"id": "1.check1.a", "answer": "13"}).encode()
    assert request(site, "POST", "/api/answer", body=body, origin="http://evil.example")[0] == 403
    assert (
        request(site, "POST", "/api/answer", body=body, origin=f"http://127.0.0.1:{site.port + 1}")[0] == 403
    )
    assert request(site, "POST", "/api/answer", body=body, origin=None)[0] == 403
    assert request(site, "POST", "/api/answer", body=body)[0] == 200


def test_a_foreign_host_is_refused_even_with_the_cookie(site):
    """DNS rebinding: a page at evil.example that resolves to 127.0.0.1 sends Host: evil.example."""
    for host in (f"evil.example:{site.port}", "evil.example", f"127.0.0.1:{site.port + 1}"):
        assert request(site, "GET", "/", host=host)[0] == 403
        assert request(site, "GET", "/static/site.css", host=host)[0] == 403
    assert request(site, "GET", "/", host=f"localhost:{site.port}")[0] == 200


def test_no_cors_headers_ever(site):
    for method, path in (("GET", "/"), ("GET", "/static/site.js"), ("OPTIONS", "/api/check")):
        _, headers, _ = request(site, method, path, origin="http://evil.example")
        assert not any(h.startswith("access-control-") for h in headers)


@pytest.mark.parametrize(
    "path",
    [
        "/static/../server.py",
        "/static/%2e%2e/server.py",
        "/static/..%2fserver.py",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/download/..%2f..%2fetc%2fpasswd",
        "/download/../pyproject.toml",
        "/download/.realdata",
    ],
)
def test_paths_that_climb_out_are_refused(site, path):
    status, _, body = request(site, "GET", path)
    assert status in (403, 404)
    assert b"def make_app" not in body and b"root:" not in body


def test_static_files_and_downloads_by_name_work(site):
    assert request(site, "GET", "/static/site.css", cookie=False)[0] == 200
    status, headers, body = request(site, "GET", "/download/01-datasets-and-dataloaders-exercises.ipynb")
    assert status == 200 and "attachment" in headers["content-disposition"] and json.loads(body)["cells"]


def test_the_request_size_is_capped(site):
    big = json.dumps({"id": "1.1", "code": "x" * (2 * 1024 * 1024)}).encode()
    try:
        status = request(site, "POST", "/api/check", body=big)[0]
    except (ConnectionError, OSError):
        status = 413  # Tornado may close the connection before answering
    assert status in (400, 413)


def test_the_server_binds_to_loopback_only(site):
    import socket

    with socket.socket() as s:  # the same port on another address of this machine is not ours
        s.settimeout(2)
        assert s.connect_ex(("127.0.0.1", site.port)) == 0
    assert all(url.startswith("http://127.0.0.1") for url in [site.url()])


def test_answers_use_the_notebook_logic_and_are_saved(site):
    def answer(given):  # noqa: ANN001, ANN202
        status, _, body = request(
            site, "POST", "/api/answer", body=json.dumps({"id": "1.check1.a", "answer": given}).encode()
        )
        assert status == 200
        return json.loads(body)

    wrong = answer("12")
    assert wrong["verdict"] == "wrong" and wrong["head"].startswith("Not quite")
    assert answer("thirteen")["verdict"] == "unreadable"
    right = answer("13")
    assert (
        right["verdict"] == "correct" and right["explanation"] == registry.QUESTIONS["1.check1.a"].explanation
    )
    assert Progress.load(site.workspace).question_state("1.check1.a") == "correct"


def test_check_wrong_hint_then_right_saves_code_and_progress(site):
    def check(code):  # noqa: ANN001, ANN202
        body = json.dumps({"id": "1.1", "code": code}).encode()
        status, _, raw = request(site, "POST", "/api/check", body=body, timeout=300)
        assert status == 200, raw
        return json.loads(raw)

    first = check(WRONG_1_1)
    assert first["status"] == "failed" and first["message"] and not first["solution"]
    assert any(o["status"] == "failed" for o in first["outcomes"])
    status, _, raw = request(site, "POST", "/api/hint", body=b'{"id": "1.1"}')
    assert json.loads(raw)["hint"].startswith("Hint 1 of 3 for 1.1")
    second = check(SOLUTION_1_1)
    assert second["status"] == "passed" and second["solution"].strip() == SOLUTION_1_1.strip()
    assert second["seconds"] < first["seconds"]  # the kernel stayed warm
    progress = Progress.load(site.workspace)
    assert progress.exercise_state("1.1") == "passed" and progress.exercises["1.1"]["hints"] == 1
    notebook = (site.workspace / registry.lesson(1).exercises_notebook).read_text()
    assert "self.x ** 2" in notebook  # the code checked is the notebook's code now


def test_an_endless_loop_is_stopped_and_the_kernel_restarts(tmp_path):
    init_workspace(tmp_path)
    with running(tmp_path, FAKE, timeout=15) as site:
        body = json.dumps({"id": "1.1", "code": "while True:\n    pass\n"}).encode()
        status, _, raw = request(site, "POST", "/api/check", body=body, timeout=300)
        verdict = json.loads(raw)
        assert status == 200 and verdict["status"] == "timeout" and "restarted" in verdict["kernel"]
        body = json.dumps({"id": "1.1", "code": SOLUTION_1_1}).encode()
        assert (
            json.loads(request(site, "POST", "/api/check", body=body, timeout=300)[2])["status"] == "passed"
        )


def test_bad_api_input_is_a_400_not_a_crash(site):
    for path, body in (
        ("/api/answer", b"not json"),
        ("/api/answer", b"[1, 2]"),
        ("/api/answer", b'{"id": "nope", "answer": "1"}'),
        ("/api/check", b'{"id": "9.9", "code": ""}'),
        ("/api/check", b'{"id": "1.1", "code": 5}'),
        ("/api/hint", b'{"id": null}'),
    ):
        assert request(site, "POST", path, body=body)[0] == 400, (path, body)
    assert request(site, "GET", "/lesson/9/")[0] == 404


def test_the_build_cache_is_keyed_by_source_and_version(tmp_path, monkeypatch):
    monkeypatch.setenv("REALDATA_SITE_CACHE", str(tmp_path))
    source = "# %%\nprint(6 * 7)\n"
    monkeypatch.setattr(build, "source_text", lambda name: source)
    monkeypatch.setattr(
        build, "build_notebook", lambda name: __import__("jupytext").reads(source, fmt="py:percent")
    )
    cells = []
    nb = build.executed("tiny.py", on_cell=lambda d, n: cells.append(d))
    assert nb.cells[0].outputs[0]["text"] == "42\n" and cells == [1]
    build.executed("tiny.py", on_cell=lambda d, n: cells.append(d))
    assert cells == [1]  # the second time comes from the cache: nothing ran
    monkeypatch.setattr(build, "version", lambda: "99.0")
    build.executed("tiny.py", on_cell=lambda d, n: cells.append(d))
    assert cells == [1, 1] and len(list(tmp_path.glob("tiny-*.ipynb"))) == 1  # rebuilt; the old entry went


def test_site_build_writes_a_static_copy_without_a_check_endpoint(tmp_path):
    from click.testing import CliRunner

    from realdata.cli import cli

    result = CliRunner().invoke(cli, ["site", "build", "--out", str(tmp_path / "public")])
    assert result.exit_code == 0, result.output
    out = tmp_path / "public"
    lesson = (out / "lesson" / "1" / "index.html").read_text()
    assert 'data-static="yes"' in lesson and "data:image/png;base64" in lesson  # the executed figures
    exercises = (out / "exercises" / "1" / "index.html").read_text()
    assert "realdata exercises check 1.1" in exercises  # how to check locally
    assert registry.exercise("1.1").hints[0][:40] in exercises.replace("&#39;", "'").replace("&#34;", '"')
    assert (out / "static" / "bundle.js").is_file() and (out / "concepts" / "index.html").is_file()
    assert not any("api/" in p.name for p in out.rglob("*"))


def test_site_refuses_a_taken_port_in_one_line(tmp_path):
    import socket

    from click.testing import CliRunner

    from realdata.cli import cli

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        result = CliRunner().invoke(
            cli, ["site", "--workspace", str(tmp_path), "--port", str(s.getsockname()[1]), "--no-browser"]
        )
    assert result.exit_code == 1 and result.output.count("\n") == 1 and "is already in use" in result.output


def test_stop_interrupts_a_busy_check(tmp_path):
    import threading
    import time

    init_workspace(tmp_path)
    with running(tmp_path, FAKE, timeout=60) as site:
        body = json.dumps({"id": "1.1", "code": "import time\nwhile True:\n    time.sleep(0.05)\n"}).encode()
        box = {}
        worker = threading.Thread(
            target=lambda: box.update(r=request(site, "POST", "/api/check", body=body, timeout=300))
        )
        started = time.monotonic()
        worker.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # wait until the kernel is running the learner's loop
            kernel = next(iter(site.kernels.values()), None)
            if kernel is not None and kernel.busy and kernel.at >= 0:
                break
            time.sleep(0.2)
        time.sleep(1.0)
        status, _, raw = request(site, "POST", "/api/interrupt", body=b'{"id": "1.1"}')
        assert status == 200 and json.loads(raw)["interrupted"] is True
        worker.join(60)
        verdict = json.loads(box["r"][2])
        assert verdict["status"] != "timeout" and "KeyboardInterrupt" in verdict["message"]
        assert time.monotonic() - started < 60  # stopped, not waited out


def test_a_crashed_kernel_restarts_with_a_message(site):
    body = json.dumps({"id": "1.1", "code": "import os\nos._exit(3)\n"}).encode()
    verdict = json.loads(request(site, "POST", "/api/check", body=body, timeout=300)[2])
    assert verdict["status"] == "not run" and "a fresh one starts on your next check" in verdict["kernel"]
    body = json.dumps({"id": "1.1", "code": SOLUTION_1_1}).encode()
    again = json.loads(request(site, "POST", "/api/check", body=body, timeout=300)[2])
    assert again["status"] == "passed"


def _check(site, code, exercise="1.1"):  # noqa: ANN001, ANN202
    body = json.dumps({"id": exercise, "code": code}).encode()
    status, _, raw = request(site, "POST", "/api/check", body=body, timeout=300)
    assert status == 200, raw
    return json.loads(raw)


def test_an_earlier_attempt_cannot_make_a_broken_one_pass(site):
    """Every attempt starts from the namespace before the exercise, not the last attempt's."""
    assert _check(site, SOLUTION_1_1)["status"] == "passed"
    misspelt = SOLUTION_1_1.replace("class SquaresDataset", "class SquareDataset")
    assert _check(site, misspelt)["status"] != "passed"
    assert _check(site, "def __len__(self) return 3\n")["status"] != "passed"  # a syntax error
    assert _check(site, SOLUTION_1_1)["status"] == "passed"


def test_cells_between_an_exercise_and_its_check_run_after_it(site):
    import nbformat

    from realdata.course.workspace import EXERCISE_TAG, tags

    path = site.workspace / registry.lesson(1).exercises_notebook
    nb = nbformat.read(path, as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if EXERCISE_TAG + "1.1" in tags(c))
    nb.cells.insert(
        at + 1, nbformat.v4.new_code_cell("SquaresDataset = None  # a cell between, as a notebook runs it")
    )
    nbformat.write(nb, path)
    assert _check(site, SOLUTION_1_1)["status"] != "passed"


def test_a_tampering_attempt_restarts_the_kernel(site):
    hook = "get_ipython().events.register('pre_run_cell', lambda *a: None)\n" + SOLUTION_1_1
    assert _check(site, hook)["status"] == "not trusted"
    assert _check(site, SOLUTION_1_1)["status"] == "passed"  # a fresh kernel, without the hook


def test_a_broken_setup_cell_is_named_not_hidden(site):
    import nbformat

    path = site.workspace / registry.lesson(1).exercises_notebook
    nb = nbformat.read(path, as_version=4)
    first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells[first].source = "raise ValueError('a broken setup')\n" + nb.cells[first].source
    nbformat.write(nb, path)
    verdict = _check(site, SOLUTION_1_1)
    assert (
        verdict["status"] == "not run"
        and f"cell {first + 1}" in verdict["message"]
        and "ValueError" in verdict["message"]
    )
